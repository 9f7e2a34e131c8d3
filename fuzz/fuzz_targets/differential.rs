//! pqkit against the RustCrypto `ml-kem` and `ml-dsa` crates on
//! fuzzer-chosen seeds, messages, keys, ciphertexts and signatures: every
//! output must be byte-identical and every accept/reject decision the same.
//!
//! Input: a selector byte (byte % 6: ML-KEM-512/768/1024, ML-DSA-44/65/87).
//! ML-KEM then reads the seed `d || z`, `m`, a ciphertext, a `dk_pke` and an
//! encapsulation key (each zero-padded to its length); ML-DSA reads the seed
//! `xi`, a context (length byte), a message (two length bytes) and signature
//! bytes.
#![no_main]
#![allow(deprecated)] // the RustCrypto crates call the expanded key forms legacy

use libfuzzer_sys::fuzz_target;
use pqkit_fuzz::Input;

macro_rules! ml_kem {
    ($module:ident, $input:expr) => {{
        use ml_kem::{Decapsulate, ExpandedKeyEncoding, KeyExport};
        use pqkit::ml_kem::$module::{
            CIPHERTEXT_LEN, Ciphertext, DECAPSULATION_KEY_LEN, DecapsulationKey,
            ENCAPSULATION_KEY_LEN, EncapsulationKey,
        };
        type Theirs = ml_kem::$module::DecapsulationKey;
        type TheirEk = ml_kem::$module::EncapsulationKey;
        const DK_PKE_LEN: usize = DECAPSULATION_KEY_LEN - ENCAPSULATION_KEY_LEN - 64;

        let mut input = $input;
        let seed: [u8; 64] = input.array();
        let m: [u8; 32] = input.array();
        let ct_bytes: [u8; CIPHERTEXT_LEN] = input.array();
        let dk_pke: [u8; DK_PKE_LEN] = input.array();
        let ek_bytes: [u8; ENCAPSULATION_KEY_LEN] = input.array();

        // Key generation (FIPS 203 Algorithm 16).
        let ours = DecapsulationKey::from_seed(&seed);
        let theirs = Theirs::from_seed(seed.into());
        let ek = ours.encapsulation_key();
        assert_eq!(
            &ek.as_bytes()[..],
            &theirs.encapsulation_key().to_bytes()[..]
        );
        let expanded = ours.to_expanded_bytes();
        assert_eq!(&expanded[..], &theirs.to_expanded_bytes()[..]);

        // Encapsulation (Algorithm 17) and decapsulation (Algorithm 18),
        // honest and of the fuzzer's ciphertext (implicit rejection).
        let (ct, k) = ek.encapsulate_deterministic(&m);
        let (their_ct, their_k) = theirs
            .encapsulation_key()
            .encapsulate_deterministic(&m.into());
        assert_eq!(&ct.as_bytes()[..], &their_ct[..]);
        assert_eq!(&k.as_bytes()[..], &their_k[..]);
        let fuzz_ct = Ciphertext::from(ct_bytes);
        assert_eq!(
            &ours.decapsulate(&fuzz_ct).as_bytes()[..],
            &theirs.decapsulate(&ct_bytes.into())[..]
        );

        // The fuzzer's encapsulation key: the same modulus check verdict,
        // and the same encapsulation when accepted.
        let our_ek = EncapsulationKey::from_bytes(&ek_bytes);
        let their_ek = TheirEk::new(&ek_bytes.into());
        assert_eq!(our_ek.is_ok(), their_ek.is_ok(), "{our_ek:?}");
        if let (Ok(a), Ok(b)) = (our_ek, their_ek) {
            let (ct_a, k_a) = a.encapsulate_deterministic(&m);
            let (ct_b, k_b) = b.encapsulate_deterministic(&m.into());
            assert_eq!(&ct_a.as_bytes()[..], &ct_b[..]);
            assert_eq!(&k_a.as_bytes()[..], &k_b[..]);
        }

        // An expanded key with the fuzzer's dk_pke (any 12-bit values,
        // reduced or not, since FIPS 203 ByteDecode_12 reduces modulo q)
        // and a valid ek and H(ek): both decapsulate alike.
        let mut mixed = *expanded;
        mixed[..DK_PKE_LEN].copy_from_slice(&dk_pke);
        let a = DecapsulationKey::from_expanded_bytes(&mixed).expect("ek and H(ek) are valid");
        let b = Theirs::from_expanded_bytes(&mixed.into()).expect("ek and H(ek) are valid");
        assert_eq!(
            &a.decapsulate(&fuzz_ct).as_bytes()[..],
            &b.decapsulate(&ct_bytes.into())[..]
        );
        assert_eq!(
            &a.decapsulate(&ct).as_bytes()[..],
            &b.decapsulate(&their_ct)[..]
        );
    }};
}

macro_rules! ml_dsa {
    ($module:ident, $marker:ident, $input:expr) => {{
        use ml_dsa::{Seed, Signature, SigningKey as RcSigningKey, $marker};
        use pqkit::ml_dsa::$module::SigningKey;

        let mut input = $input;
        let xi: [u8; 32] = input.array();
        let ctx = input.short();
        let msg = input.long();
        let sig = input.rest();

        // Key generation (FIPS 204 Algorithm 6).
        let ours = SigningKey::from_seed(&xi);
        let theirs = RcSigningKey::<$marker>::from_seed(&Seed::from(xi));
        let their_esk = theirs.expanded_key();
        let their_vk = their_esk.verifying_key();
        let vk = ours.verifying_key();
        assert_eq!(&vk.as_bytes()[..], &their_vk.encode()[..]);
        assert_eq!(&ours.to_expanded_bytes()[..], &their_esk.to_expanded()[..]);

        // Deterministic signing (Algorithm 2 with rnd = 0).
        let own = ours.sign_deterministic(msg, ctx).unwrap();
        let their_own = their_esk.sign_deterministic(msg, ctx).unwrap();
        assert_eq!(&own.as_bytes()[..], &their_own.encode()[..]);

        // Verification of the fuzzer's signature bytes (Algorithm 3): the
        // same verdict, whatever sigDecode makes of them.
        let our_verdict = vk.verify(msg, ctx, sig).is_ok();
        let their_verdict = Signature::<$marker>::try_from(sig)
            .is_ok_and(|s| their_vk.verify_with_context(msg, ctx, &s));
        assert_eq!(our_verdict, their_verdict);
    }};
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    match input.byte() % 6 {
        0 => ml_kem!(ml_kem_512, input),
        1 => ml_kem!(ml_kem_768, input),
        2 => ml_kem!(ml_kem_1024, input),
        3 => ml_dsa!(ml_dsa_44, MlDsa44, input),
        4 => ml_dsa!(ml_dsa_65, MlDsa65, input),
        _ => ml_dsa!(ml_dsa_87, MlDsa87, input),
    }
});
