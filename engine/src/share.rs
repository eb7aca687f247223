//! Share links: a whole workspace in the URL fragment (`…/#a1.eJyrVkrLz…`), so it can be
//! sent as a link and never reaches a server (DESIGN.md, "The document").
//!
//! A link is the version tag [`VERSION_TAG`] followed by the document's compact JSON,
//! compressed with zlib (deflate plus a checksum, so a link changed in transit is
//! caught rather than misread) and written in base64url without padding, which needs no
//! escaping in a URL. [`decode`] refuses other versions, names the first character that
//! cannot be part of a link, never inflates more than [`MAX_INFLATED_BYTES`] (a small
//! link that unpacks to gigabytes fails as soon as it passes the limit), and then reads
//! the JSON with [`read_document`], as strictly as a file.
//!
//! ```
//! use attune_engine::document::Document;
//! use attune_engine::share::{decode, encode};
//!
//! let doc = Document::default();
//! let link = encode(&doc)?;
//! assert!(link.starts_with("a1."));
//! assert_eq!(decode(&link)?, doc);
//! # Ok::<(), attune_engine::share::ShareError>(())
//! ```
//!
//! How much fits: a monthly history of 3 years with random three-digit quantities
//! takes about 100 link characters per item (200 items: a 222 KB document, a 41,031
//! character link, packed in 75 ms natively), so some 290 such items fit in
//! [`MAX_LINK_CHARS`]; real histories, with repeats and zeros, pack smaller.
//!
//! # Why `miniz_oxide`, and a base64url of our own
//!
//! The engine already links a deflate decoder (`flate2` over `zlib-rs`, which the zip
//! reader of XLSX files uses), but a link also needs a compressor. Measured on
//! `wasm32-unknown-unknown` with the release profile (`opt-level = "z"`, LTO, no
//! wasm-opt), a probe module that only inflates with `flate2`/`zlib-rs`, as the engine
//! does today, is 73,200 bytes (36,492 gzipped). Adding compression and a bounded
//! inflate for links with `miniz_oxide` 0.9 makes it 115,307 bytes (52,814 gzipped):
//! **+42 KB, +16 KB gzipped**. Doing the same with `flate2`'s `zlib-rs` compressor makes
//! it 129,425 bytes (56,766 gzipped): +56 KB, +20 KB gzipped. `miniz_oxide` is pure
//! Rust with one dependency (`adler2`), no `unsafe` in its inflate path, no C and no
//! js-sys, and has a size-limited inflate to a `Vec` built in. Base64url is thirty
//! lines here, so that a bad character is reported with its position in words a
//! planner reads, and no crate is added for it.

use std::fmt;

use crate::document::{read_document, Document, DocumentError};

/// What every link this version writes starts with.
pub const VERSION_TAG: &str = "a1.";

/// The longest link [`encode`] writes, in characters (tag included): links beyond this
/// are cut by some mail programs and chat apps.
pub const MAX_LINK_CHARS: usize = 60_000;

/// The most bytes a link may unpack to: far beyond any link [`encode`] writes.
pub const MAX_INFLATED_BYTES: usize = 20 * 1024 * 1024;

/// The longest text [`decode`] looks at: longer is no link Attune makes.
const MAX_DECODE_CHARS: usize = 1_000_000;

/// How hard the compressor works (miniz's scale: 0 to 10). 6, not 9: on a 10,000-item
/// workspace (17.6 MB of JSON) both give 2.6 MB, but 9 takes 2.1 s and 6 0.7 s (native;
/// `cargo run --release -p attune-engine --example share_figures`).
const LEVEL: u8 = 6;

/// What a workspace kept in a browser's storage starts with ([`pack`]): it may be longer
/// than a link.
pub const STORE_TAG: &str = "s1.";

/// The most bytes a kept workspace may unpack to.
pub const MAX_STORED_BYTES: usize = 512 * 1024 * 1024;

/// Why a workspace could not be put in a link, or a link could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The link would be longer than [`MAX_LINK_CHARS`].
    TooLarge {
        /// How long it would be.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The document could not be written as JSON.
    Unwritable(String),
    /// The text is not a share link at all (no version tag, or empty).
    NotALink,
    /// A link of a version this one does not read.
    Version {
        /// The tag found, without its dot (`a2`).
        found: String,
    },
    /// A character that base64url does not have.
    BadCharacter {
        /// Where, counted in characters from the start of the link, from 1.
        position: usize,
        /// The character.
        character: char,
    },
    /// The link was cut short or changed: its data do not unpack.
    Damaged(String),
    /// The link unpacks to more than [`MAX_INFLATED_BYTES`].
    Bomb {
        /// The limit.
        max: usize,
    },
    /// The link unpacks to a document that cannot be read.
    Document(DocumentError),
}

/// `60,000`: a count with thousands grouped.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { chars, max } => write!(
                f,
                "the workspace is too large for a link ({} characters, links hold up to {}); save it as a file instead",
                grouped(*chars),
                grouped(*max)
            ),
            Self::Unwritable(why) => write!(f, "the workspace could not be written: {why}"),
            Self::NotALink => write!(
                f,
                "this is not an Attune share link (a link's code starts with {VERSION_TAG})"
            ),
            Self::Version { found } => write!(
                f,
                "this link was made by another version of Attune (link version {found}); this version reads {} links",
                VERSION_TAG.trim_end_matches('.')
            ),
            Self::BadCharacter { position, character } => write!(
                f,
                "the link is damaged at character {}: {character:?} cannot be part of a link (was it changed or cut when copied?)",
                grouped(*position)
            ),
            Self::Damaged(why) => write!(
                f,
                "the link is incomplete or damaged ({why}); copy the whole link again"
            ),
            Self::Bomb { max } => write!(
                f,
                "the link unpacks to more than {} MB, more than any workspace link holds; it was not opened",
                max / (1024 * 1024)
            ),
            Self::Document(e) => write!(f, "the link's workspace cannot be read: {e}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The workspace as a link code (what follows `#` in the URL).
///
/// # Errors
///
/// [`ShareError::TooLarge`] when the code would be longer than [`MAX_LINK_CHARS`]: the
/// planner should save a file instead.
pub fn encode(doc: &Document) -> Result<String, ShareError> {
    let json = serde_json::to_string(doc).map_err(|e| ShareError::Unwritable(e.to_string()))?;
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), LEVEL);
    let mut link = String::with_capacity(VERSION_TAG.len() + packed.len().div_ceil(3) * 4);
    link.push_str(VERSION_TAG);
    base64url_encode(&packed, &mut link);
    if link.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLarge {
            chars: link.len(),
            max: MAX_LINK_CHARS,
        });
    }
    Ok(link)
}

/// Reads a link code back into a workspace. Surrounding spaces are ignored, and so is
/// everything up to a `#`, so a whole URL may be given.
///
/// # Errors
///
/// [`ShareError`] saying what is wrong: not a link, another version, a character that
/// cannot be in a link (with its position), cut short or changed, unpacking to more than
/// [`MAX_INFLATED_BYTES`], or a document [`read_document`] refuses.
pub fn decode(link: &str) -> Result<Document, ShareError> {
    let code = link.trim();
    let code = code.rsplit_once('#').map_or(code, |(_, after)| after);
    if code.len() > MAX_DECODE_CHARS {
        return Err(ShareError::Damaged(format!(
            "{} characters, longer than any link Attune makes",
            grouped(code.chars().count())
        )));
    }
    let Some(body) = code.strip_prefix(VERSION_TAG) else {
        return Err(match code.split_once('.') {
            Some((tag, _)) if is_version_tag(tag) => ShareError::Version {
                found: tag.to_string(),
            },
            _ => ShareError::NotALink,
        });
    };
    let text = inflate(body, VERSION_TAG.len(), MAX_INFLATED_BYTES)?;
    read_document(&text).map_err(ShareError::Document)
}

/// The text a base64url `body` (at `offset` characters into the code, for messages)
/// unpacks to, refusing more than `max` bytes.
fn inflate(body: &str, offset: usize, max: usize) -> Result<String, ShareError> {
    let packed = base64url_decode(body, offset)?;
    let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, max).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::Bomb { max },
            miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress => {
                ShareError::Damaged("it ends too early".to_string())
            }
            miniz_oxide::inflate::TINFLStatus::Adler32Mismatch => {
                ShareError::Damaged("its checksum does not match".to_string())
            }
            _ => ShareError::Damaged("its data do not unpack".to_string()),
        },
    )?;
    String::from_utf8(json)
        .map_err(|_| ShareError::Damaged("it does not unpack to text".to_string()))
}

/// `text` compressed for a browser's storage: [`STORE_TAG`], then the same zlib and
/// base64url as a link, with no limit on length (storage holds megabytes; a link does
/// not).
#[must_use]
pub fn pack(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(text.as_bytes(), LEVEL);
    let mut code = String::with_capacity(STORE_TAG.len() + packed.len().div_ceil(3) * 4);
    code.push_str(STORE_TAG);
    base64url_encode(&packed, &mut code);
    code
}

/// The text [`pack`] made `code` from.
///
/// # Errors
/// [`ShareError::NotALink`] without [`STORE_TAG`]; [`ShareError::BadCharacter`] for a
/// character that is not base64url; [`ShareError::Damaged`] when the data do not unpack;
/// [`ShareError::Bomb`] beyond [`MAX_STORED_BYTES`].
pub fn unpack(code: &str) -> Result<String, ShareError> {
    let body = code
        .trim()
        .strip_prefix(STORE_TAG)
        .ok_or(ShareError::NotALink)?;
    inflate(body, STORE_TAG.len(), MAX_STORED_BYTES)
}

/// `a1`, `a27`: the shape of a version tag.
fn is_version_tag(tag: &str) -> bool {
    tag.len() > 1 && tag.starts_with('a') && tag[1..].chars().all(|c| c.is_ascii_digit())
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 §5).
fn base64url_encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            let six = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[six as usize]));
        }
    }
}

/// The six bits a base64url character stands for.
fn sextet(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Reads base64url without padding; `offset` is how many characters precede `text` in
/// the link, for the position of a bad character.
fn base64url_decode(text: &str, offset: usize) -> Result<Vec<u8>, ShareError> {
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii() || sextet(*c as u8).is_none())
    {
        return Err(ShareError::BadCharacter {
            position: offset + text[..i].chars().count() + 1,
            character: c,
        });
    }
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(ShareError::Damaged(
            "it ends in the middle of a character".to_string(),
        ));
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, c)| {
            n | sextet(*c).unwrap_or(0) << (18 - 6 * i)
        });
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_document() -> Document {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/plans/northwind_pumps.attune.json"
        ))
        .unwrap();
        read_document(&text).unwrap()
    }

    /// A link code of any bytes, for links encode would never make.
    fn code_of(bytes: &[u8]) -> String {
        let mut link = VERSION_TAG.to_string();
        base64url_encode(bytes, &mut link);
        link
    }

    #[test]
    fn base64url_matches_the_rfc_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            base64url_encode(plain.as_bytes(), &mut out);
            assert_eq!(out, coded);
            assert_eq!(base64url_decode(coded, 0).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        let mut out = String::new();
        base64url_encode(&all, &mut out);
        assert!(out
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(base64url_decode(&out, 0).unwrap(), all);
    }

    #[test]
    fn a_workspace_round_trips_through_a_link() {
        let doc = plan_document();
        let link = encode(&doc).unwrap();
        assert!(link.starts_with("a1."));
        assert!(
            link.len() < doc.to_json().unwrap().len() / 2,
            "{}",
            link.len()
        );
        assert_eq!(decode(&link).unwrap(), doc);
        // A whole URL, with spaces around it, reads too.
        let url = format!("  https://attune.example/app/#{link}\n");
        assert_eq!(decode(&url).unwrap(), doc);
    }

    #[test]
    fn a_workspace_too_large_for_a_link_says_so() {
        let mut doc = plan_document();
        // Incompressible text: every line different.
        let mut table = String::from("SKU\tPeriod\tQuantity\n");
        let mut x: u64 = 1;
        for i in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            table.push_str(&format!("S{}\t{}\t{}\n", x >> 20, 1 + i % 50, x >> 40));
        }
        doc.capacity = Some(crate::document::CapacitySection {
            terms: table,
            ..Default::default()
        });
        let e = encode(&doc).unwrap_err();
        let ShareError::TooLarge { chars, max } = e else {
            panic!("{e:?}");
        };
        assert!(chars > max);
        assert_eq!(
            e.to_string(),
            format!("the workspace is too large for a link ({} characters, links hold up to 60,000); save it as a file instead", grouped(chars))
        );
    }

    #[test]
    fn a_link_bomb_is_refused_once_past_the_limit() {
        // 64 MB of one letter packs into about 64 KB, a link of a few hundred thousand
        // characters.
        let huge = format!(
            "{{\"format\":\"attune/1\",\"x\":\"{}\"}}",
            "a".repeat(64 << 20)
        );
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(huge.as_bytes(), 9);
        let link = code_of(&packed);
        assert!(link.len() < MAX_DECODE_CHARS, "{}", link.len());
        let e = decode(&link).unwrap_err();
        assert_eq!(
            e,
            ShareError::Bomb {
                max: MAX_INFLATED_BYTES
            }
        );
        assert_eq!(
            e.to_string(),
            "the link unpacks to more than 20 MB, more than any workspace link holds; it was not opened"
        );
    }

    #[test]
    fn a_cut_link_is_damaged() {
        let link = encode(&plan_document()).unwrap();
        for keep in [link.len() - 1, link.len() - 2, link.len() / 2, 4] {
            let e = decode(&link[..keep]).unwrap_err();
            assert!(matches!(e, ShareError::Damaged(_)), "{keep}: {e:?}");
            assert!(e
                .to_string()
                .starts_with("the link is incomplete or damaged"));
        }
        assert_eq!(
            decode("a1.").unwrap_err(),
            ShareError::Damaged("it ends too early".into())
        );
    }

    #[test]
    fn a_changed_character_is_caught_by_the_checksum_or_the_reader() {
        let link = encode(&plan_document()).unwrap();
        let mut bytes = link.into_bytes();
        let at = bytes.len() * 2 / 3;
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).unwrap();
        assert!(decode(&changed).is_err());
    }

    #[test]
    fn garbage_is_named_with_its_place() {
        assert_eq!(decode("").unwrap_err(), ShareError::NotALink);
        assert_eq!(decode("hello world").unwrap_err(), ShareError::NotALink);
        let e = decode("a1.eJyr!Vk").unwrap_err();
        assert_eq!(
            e,
            ShareError::BadCharacter {
                position: 8,
                character: '!'
            }
        );
        assert_eq!(
            e.to_string(),
            "the link is damaged at character 8: '!' cannot be part of a link (was it changed or cut when copied?)"
        );
        assert!(matches!(
            decode("a1.ü").unwrap_err(),
            ShareError::BadCharacter {
                position: 4,
                character: 'ü'
            }
        ));
        assert!(matches!(
            decode("a1.AAAAA").unwrap_err(),
            ShareError::Damaged(_)
        ));
        // Padding is not written, so it is not read.
        assert!(matches!(
            decode("a1.Zg==").unwrap_err(),
            ShareError::BadCharacter {
                position: 6,
                character: '='
            }
        ));
        // Packed bytes that are not text, and text that is not a document.
        let not_text = miniz_oxide::deflate::compress_to_vec_zlib(&[0xff, 0xfe, 0x00], 9);
        assert_eq!(
            decode(&code_of(&not_text)).unwrap_err(),
            ShareError::Damaged("it does not unpack to text".into())
        );
        let not_doc =
            miniz_oxide::deflate::compress_to_vec_zlib(b"{\"format\":\"attune/1\",\"extra\":1}", 9);
        let e = decode(&code_of(&not_doc)).unwrap_err();
        assert!(matches!(e, ShareError::Document(_)));
        assert!(
            e.to_string()
                .starts_with("the link's workspace cannot be read: extra: unknown field \"extra\""),
            "{e}"
        );
    }

    #[test]
    fn other_versions_are_refused_by_name() {
        let e = decode("a2.eJyrVkrLz0nJzEtXslJKVKoFAC6YBR4").unwrap_err();
        assert_eq!(e, ShareError::Version { found: "a2".into() });
        assert_eq!(
            e.to_string(),
            "this link was made by another version of Attune (link version a2); this version reads a1 links"
        );
        assert_eq!(decode("b1.xyz").unwrap_err(), ShareError::NotALink);
        // A newer document inside a current link is refused by the document reader.
        let newer = miniz_oxide::deflate::compress_to_vec_zlib(b"{\"format\":\"attune/2\"}", 9);
        let e = decode(&code_of(&newer)).unwrap_err();
        assert!(
            e.to_string()
                .contains("saved by a newer Attune (format attune/2)"),
            "{e}"
        );
    }

    #[test]
    fn kept_text_packs_and_unpacks_without_the_link_limit() {
        let long: String = (0..200_000).map(|i| format!("{i},")).collect();
        let code = pack(&long);
        assert!(code.starts_with(STORE_TAG) && code.len() > MAX_LINK_CHARS);
        assert_eq!(unpack(&code).unwrap(), long);
        assert_eq!(unpack("a1.AAAA"), Err(ShareError::NotALink));
        let mut broken = code.clone();
        broken.truncate(code.len() / 2);
        assert!(matches!(unpack(&broken), Err(ShareError::Damaged(_))));
        assert_eq!(
            unpack("s1.ab*c"),
            Err(ShareError::BadCharacter {
                position: 6,
                character: '*'
            })
        );
    }
}
