//! The same measurements on other ML-KEM / ML-DSA implementations, built
//! instead of pqkit (one feature per peer), with the same seeds.

use crate::check;
use crate::harness::Harness;
use cortex_m_semihosting::hprintln;

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
    let (seed, m) = crate::fixtures::kem_seeds();
    let seed = Seed::from(seed);
    let m = B32::from(m);

    let dk = h.measure("ml-kem-768/keygen", || {
        ml_kem_768::DecapsulationKey::from_seed(seed)
    });
    let enc = h.measure("ml-kem-768/encaps", || {
        dk.encapsulation_key().encapsulate_deterministic(&m)
    });
    let (ct, sender) = enc;
    let dec = h.measure("ml-kem-768/decaps", || dk.decapsulate(&ct));
    check(dec == sender, "RustCrypto ML-KEM-768: secrets differ");
    hprintln!("# RustCrypto ml-kem: secrets agree");
    let ek = ml_kem::KeyExport::to_bytes(dk.encapsulation_key());
    fingerprint(&ek, &ct, &sender);
}

/// libcrux-ml-kem, portable backend.
#[cfg(feature = "peer-libcrux")]
#[inline(never)]
pub fn libcrux(h: &mut Harness) {
    use libcrux_ml_kem::mlkem768::portable;
    let (seed, m) = crate::fixtures::kem_seeds();

    let kp = h.measure("ml-kem-768/keygen", || portable::generate_key_pair(seed));
    let enc = h.measure("ml-kem-768/encaps", || {
        portable::encapsulate(kp.public_key(), m)
    });
    let (ct, sender) = enc;
    let dec = h.measure("ml-kem-768/decaps", || {
        portable::decapsulate(kp.private_key(), &ct)
    });
    check(dec == sender, "libcrux ML-KEM-768: secrets differ");
    hprintln!("# libcrux-ml-kem: secrets agree");
    fingerprint(kp.public_key().as_slice(), ct.as_slice(), &sender);
}

/// RustCrypto `ml-dsa`, without `alloc`.
#[cfg(feature = "peer-rustcrypto-dsa")]
pub fn rustcrypto_dsa(h: &mut Harness) {
    rustcrypto_dsa_ops::<ml_dsa::MlDsa44>(h, "ml-dsa-44");
    rustcrypto_dsa_ops::<ml_dsa::MlDsa65>(h, "ml-dsa-65");
    rustcrypto_dsa_ops::<ml_dsa::MlDsa87>(h, "ml-dsa-87");
}

#[cfg(feature = "peer-rustcrypto-dsa")]
#[inline(never)]
fn rustcrypto_dsa_ops<P: ml_dsa::MlDsaParams>(h: &mut Harness, name: &str) {
    use crate::fixtures::dsa::{DSA_CONTEXT, DSA_MESSAGE, dsa_rng_label, dsa_seed, op_name};
    use crate::rng::DemoRng;
    use ml_dsa::SigningKey;
    let seed = ml_dsa::Seed::from(dsa_seed(name));
    let mut rng = DemoRng::new(dsa_rng_label(name).as_bytes());

    let sk = h.measure(&op_name(name, "keygen"), || {
        SigningKey::<P>::from_seed(&seed)
    });
    let vk = sk.expanded_key().verifying_key();
    let sig = h.measure(&op_name(name, "sign"), || {
        sk.expanded_key()
            .sign_randomized(DSA_MESSAGE, DSA_CONTEXT, &mut rng)
    });
    let Ok(sig) = sig else {
        crate::fail("RustCrypto ML-DSA: signing failed")
    };
    let ok = h.measure(&op_name(name, "verify"), || {
        vk.verify_with_context(DSA_MESSAGE, DSA_CONTEXT, &sig)
    });
    check(ok, "RustCrypto ML-DSA: a fresh signature does not verify");
    // The same from the encoded key: decoding expands the matrix A, which
    // RustCrypto then keeps in the key (so `verify` above does not pay
    // for it).
    let encoded = vk.encode();
    let ok = h.measure(&op_name(name, "verify-from-bytes"), || {
        ml_dsa::VerifyingKey::<P>::decode(&encoded).verify_with_context(
            DSA_MESSAGE,
            DSA_CONTEXT,
            &sig,
        )
    });
    check(ok, "RustCrypto ML-DSA: a fresh signature does not verify");
    check(
        !vk.verify_with_context(&DSA_MESSAGE[1..], DSA_CONTEXT, &sig),
        "RustCrypto ML-DSA: a signature verified for another message",
    );
    let digest = pqkit::hash::sha3_256(&[&encoded, &sig.encode()]);
    hprintln!("# fingerprint {} {}", name, crate::hex8(&digest));
}
