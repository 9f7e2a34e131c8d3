//! The same measurements on other ML-KEM / ML-DSA implementations, built
//! instead of pqkit (one feature per peer), with the same seeds.

use crate::harness::Harness;
use crate::rng::DemoRng;
use crate::{check, fail};
use cortex_m_semihosting::hprintln;
use rand_core::Rng;

fn seeds() -> ([u8; 64], [u8; 32]) {
    let mut seed = [0u8; 64];
    DemoRng::new(b"ml-kem seed").fill_bytes(&mut seed);
    let mut m = [0u8; 32];
    DemoRng::new(b"ml-kem m").fill_bytes(&mut m);
    (seed, m)
}

/// Same seeds, same results: the xtask compares this line across builds.
#[cfg(any(feature = "peer-rustcrypto", feature = "peer-libcrux"))]
fn fingerprint(ek: &[u8], ct: &[u8], secret: &[u8]) {
    let digest = pqkit::hash::sha3_256(&[ek, ct, secret]);
    hprintln!("# fingerprint ml-kem-768 {}", crate::hex8(&digest));
}

/// RustCrypto `ml-kem`.
#[cfg(feature = "peer-rustcrypto")]
#[inline(never)]
pub fn rustcrypto(h: &mut Harness) {
    use ml_kem::{B32, Decapsulate, Seed, ml_kem_768};
    let (seed, m) = seeds();
    let seed = Seed::from(seed);
    let m = B32::from(m);

    let mut dk = None;
    h.measure("ml-kem-768/keygen", || {
        dk = Some(ml_kem_768::DecapsulationKey::from_seed(seed));
    });
    let Some(dk) = dk else { fail("keygen") };
    let mut enc = None;
    h.measure("ml-kem-768/encaps", || {
        enc = Some(dk.encapsulation_key().encapsulate_deterministic(&m));
    });
    let Some((ct, sender)) = enc else {
        fail("encaps")
    };
    let mut dec = None;
    h.measure("ml-kem-768/decaps", || {
        dec = Some(dk.decapsulate(&ct));
    });
    check(dec == Some(sender), "RustCrypto ML-KEM-768: secrets differ");
    hprintln!("# RustCrypto ml-kem: secrets agree");
    let ek = ml_kem::KeyExport::to_bytes(dk.encapsulation_key());
    fingerprint(&ek, &ct, &sender);
}

/// libcrux-ml-kem, portable backend.
#[cfg(feature = "peer-libcrux")]
#[inline(never)]
pub fn libcrux(h: &mut Harness) {
    use libcrux_ml_kem::mlkem768::portable;
    let (seed, m) = seeds();

    let mut kp = None;
    h.measure("ml-kem-768/keygen", || {
        kp = Some(portable::generate_key_pair(seed));
    });
    let Some(kp) = kp else { fail("keygen") };
    let mut enc = None;
    h.measure("ml-kem-768/encaps", || {
        enc = Some(portable::encapsulate(kp.public_key(), m));
    });
    let Some((ct, sender)) = enc else {
        fail("encaps")
    };
    let mut dec = None;
    h.measure("ml-kem-768/decaps", || {
        dec = Some(portable::decapsulate(kp.private_key(), &ct));
    });
    check(dec == Some(sender), "libcrux ML-KEM-768: secrets differ");
    hprintln!("# libcrux-ml-kem: secrets agree");
    fingerprint(kp.public_key().as_slice(), ct.as_slice(), &sender);
}
