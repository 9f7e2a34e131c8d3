//! Shared helpers of the pqkit benchmarks and report.
