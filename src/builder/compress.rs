//! Precompressed siblings (`name.br`, `name.gz`) of every text file and of the wasm,
//! at the highest settings: hosts that serve them (nginx's `brotli_static` and
//! `gzip_static`, see deploy/) spend no time compressing and send the smallest files.

use std::io::Write;
use std::path::Path;

/// Files worth compressing, by extension.
const COMPRESSIBLE: [&str; 9] = [
    "wasm",
    "js",
    "css",
    "json",
    "html",
    "xml",
    "txt",
    "svg",
    "webmanifest",
];

/// Brotli's densest settings: quality 11, a 4 MiB window (larger than any file here).
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW_BITS: u32 = 22;

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW_BITS);
        writer.write_all(data).expect("writing to memory");
    }
    out
}

/// gzip at level 9, with no time stamp (the same input gives the same bytes).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Writes the siblings of every compressible file under `dist`; returns how many
/// files were written.
pub fn compress_dir(dist: &Path) -> Result<usize, String> {
    let mut written = 0;
    let mut folders = vec![dist.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("{}: {e}", folder.display()))?
                .path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let compressible = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| COMPRESSIBLE.contains(&e));
            if !compressible {
                continue;
            }
            let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            for (suffix, bytes) in [("br", brotli(&data)), ("gz", gzip(&data))] {
                let mut sibling = path.clone().into_os_string();
                sibling.push(".");
                sibling.push(suffix);
                std::fs::write(&sibling, bytes)
                    .map_err(|e| format!("{}: {e}", Path::new(&sibling).display()))?;
                written += 1;
            }
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn each_sibling_decompresses_to_the_original() {
        let dist = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dist.path().join("agir")).unwrap();
        let page = "<!DOCTYPE html><p>Migrations sûres, ordonnées et régulières.</p>".repeat(50);
        let files = [
            ("agir/index.html", page.as_bytes().to_vec()),
            (
                "oim-site-9f8e_bg.wasm",
                (0..=255u8).cycle().take(5000).collect(),
            ),
            (
                "_headers",
                b"/*\n  X-Content-Type-Options: nosniff\n".to_vec(),
            ),
            ("favicon.png", vec![137, 80, 78, 71]),
        ];
        for (name, bytes) in &files {
            std::fs::write(dist.path().join(name), bytes).unwrap();
        }
        assert_eq!(compress_dir(dist.path()).unwrap(), 4);
        for (name, original) in &files[..2] {
            let br = std::fs::read(dist.path().join(format!("{name}.br"))).unwrap();
            let mut out = Vec::new();
            brotli::Decompressor::new(&br[..], 4096)
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(&out, original, "{name}.br");
            let gz = std::fs::read(dist.path().join(format!("{name}.gz"))).unwrap();
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(&out, original, "{name}.gz");
        }
        assert!(
            std::fs::read(dist.path().join("agir/index.html.br"))
                .unwrap()
                .len()
                < page.len() / 10
        );
        assert!(
            !dist.path().join("_headers.br").exists(),
            "host files are read by the host, not served"
        );
        assert!(
            !dist.path().join("favicon.png.gz").exists(),
            "not a text file"
        );
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let data = b"Organisation internationale pour les migrations".repeat(20);
        assert_eq!(gzip(&data), gzip(&data));
        assert_eq!(brotli(&data), brotli(&data));
    }
}
