//! Seeds and messages shared by the pqkit build and the peer builds, so
//! that every implementation computes the same keys, ciphertexts and
//! signatures (the xtask compares their fingerprints).

/// ML-KEM-768 key-generation seed `d || z` and encapsulation randomness `m`.
#[cfg(any(
    all(story, feature = "ml-kem-768"),
    feature = "peer-rustcrypto",
    feature = "peer-libcrux"
))]
pub fn kem_seeds() -> ([u8; 64], [u8; 32]) {
    use crate::rng::DemoRng;
    use rand_core::Rng;
    let mut seed = [0u8; 64];
    DemoRng::new(b"ml-kem seed").fill_bytes(&mut seed);
    let mut m = [0u8; 32];
    DemoRng::new(b"ml-kem m").fill_bytes(&mut m);
    (seed, m)
}

/// The ML-DSA message, context and seeds.
#[cfg(any(all(story, feature = "ml-dsa"), feature = "peer-rustcrypto-dsa"))]
pub mod dsa {
    use crate::rng::DemoRng;
    use heapless::String;
    use rand_core::Rng;

    pub const DSA_MESSAGE: &[u8] = b"telemetry frame 0042: temperature 21.5 C, battery 87 %";
    pub const DSA_CONTEXT: &[u8] = b"pqkit-demo telemetry";

    /// Key-generation seed for the parameter set `name` ("ml-dsa-65").
    pub fn dsa_seed(name: &str) -> [u8; 32] {
        let mut seed = [0u8; 32];
        DemoRng::new(join(name, " seed").as_bytes()).fill_bytes(&mut seed);
        seed
    }

    /// Label of the generator that supplies the hedged signing randomness.
    pub fn dsa_rng_label(name: &str) -> String<48> {
        join(name, " signing")
    }

    /// `"ml-dsa-65/keygen"` from `"ml-dsa-65"` and `"keygen"`.
    #[cfg(feature = "peer-rustcrypto-dsa")]
    pub fn op_name(name: &str, op: &str) -> String<48> {
        let mut s = join(name, "/");
        let _ = s.push_str(op);
        s
    }

    fn join(a: &str, b: &str) -> String<48> {
        let mut s = String::new();
        let _ = s.push_str(a);
        let _ = s.push_str(b);
        s
    }
}
