//! C2SP CCTV ML-KEM vectors: encapsulation keys failing the modulus check
//! (`modulus/`, every key must be rejected) and decapsulations that catch an
//! early-exit ciphertext comparison (`strcmp/`).

mod common;

use common::{unhex, vectors};
use pqkit::Error;
use std::io::{BufRead, BufReader};

macro_rules! cctv_suite {
    ($module:ident, $name:literal) => {
        mod $module {
            use super::*;
            use pqkit::ml_kem::$module::{Ciphertext, DecapsulationKey, EncapsulationKey};

            #[test]
            fn modulus_keys_are_rejected() {
                let Some(path) = vectors(concat!("cctv/ML-KEM/modulus/", $name, ".txt.gz")) else {
                    return;
                };
                let file = std::fs::File::open(path).unwrap();
                let reader = BufReader::new(flate2::read::GzDecoder::new(file));
                let mut n = 0;
                for line in reader.lines() {
                    let line = line.unwrap();
                    if line.trim().is_empty() {
                        continue;
                    }
                    let ek = unhex(line.trim());
                    assert_eq!(
                        EncapsulationKey::from_bytes(&ek),
                        Err(Error::EncapsulationKeyNotReduced),
                        "key {n}"
                    );
                    n += 1;
                }
                assert!(n > 0, "no keys read");
                eprintln!(concat!($name, " modulus: {} keys rejected"), n);
            }

            #[test]
            fn strcmp() {
                let Some(path) = vectors(concat!("cctv/ML-KEM/strcmp/", $name, ".txt")) else {
                    return;
                };
                let text = std::fs::read_to_string(path).unwrap();
                let mut fields = std::collections::HashMap::new();
                for line in text.lines() {
                    if let Some((k, v)) = line.split_once(" = ") {
                        fields.insert(k.trim().to_string(), unhex(v.trim()));
                    }
                }
                let dk = DecapsulationKey::from_expanded_bytes(&fields["dk"]).unwrap();
                let ct = Ciphertext::from_bytes(&fields["c"]).unwrap();
                assert_eq!(&dk.decapsulate(&ct).as_bytes()[..], &fields["K"][..]);
            }
        }
    };
}

cctv_suite!(ml_kem_512, "ML-KEM-512");
cctv_suite!(ml_kem_768, "ML-KEM-768");
cctv_suite!(ml_kem_1024, "ML-KEM-1024");
