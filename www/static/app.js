import * as pq from './pqkit/index.js';

document.getElementById('backend').textContent = pq.backend;
document.body.dataset.ready = 'true';
