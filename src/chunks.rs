//! Parts of the app whose code is in a chunk of its own, loaded when a page needs
//! it, so that every page does not pay for every feature.
//!
//! A chunk is one split point (`chunk!`): a function returning the chunk's table of
//! entry points (views and handlers, as `fn` pointers). The site builder splits the
//! wasm there (src/builder/split.rs): the function, and the code only it reaches, go
//! into a file of their own, fetched when the chunk is first loaded. Once loaded, the
//! table is kept, so the chunk's code is then called like any other, synchronously:
//! a view drawn from a loaded chunk appears at once. On the host (the site builder's
//! prerendering, the unit tests) a chunk is a plain function call.
//!
//! The split points follow the convention of the split tool
//! (`wasm_split_cli_support`, pinned in Cargo.toml) without Leptos's `#[lazy]` and
//! `wasm_split` macros, whose loading machinery cost more than the chunks saved
//! (ARCHITECTURE.md, "Where we depart from Leptos idioms").
//!
//! A page lists the chunks it draws with (`pages::chunks_of`): `pages::WithContent`
//! waits for them as for the page's content (loading state, then the page; if one
//! cannot be loaded, the French error with "Réessayer" in the page's place only, or
//! the page loaded in full when the site has been deployed again since this document
//! was loaded and the chunk is gone). The start-up loads the chunks of the page's
//! islands (`pages::islands_of`) while it takes the page over. `AnyChunk::load_ahead`
//! loads a chunk before it is needed.

use crate::dom::browser_says;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

/// A chunk could not be loaded (the loader logs why in the console).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

/// A chunk's split point: in the browser, the function that loads the chunk and the
/// one that returns its table once loaded; on the host, the latter alone.
pub struct SplitPoint<T: 'static> {
    #[cfg(target_family = "wasm")]
    pub load: split::Load,
    pub table: fn() -> &'static T,
}

/// A chunk and, once loaded, its table of entry points.
pub struct Chunk<T: Sync + 'static> {
    /// Its name, the split module's: the builder writes `split_<name>-<hash>.wasm`.
    pub name: &'static str,
    split: SplitPoint<T>,
    loaded: OnceLock<&'static T>,
}

impl<T: Sync + 'static> Chunk<T> {
    pub const fn new(name: &'static str, split: SplitPoint<T>) -> Self {
        Chunk {
            name,
            split,
            loaded: OnceLock::new(),
        }
    }

    /// The table, if the chunk is loaded (on the host, always).
    pub fn get(&self) -> Option<&'static T> {
        #[cfg(not(target_family = "wasm"))]
        return Some(*self.loaded.get_or_init(self.split.table));
        #[cfg(target_family = "wasm")]
        self.loaded.get().copied()
    }

    /// Loads the chunk (once: later calls answer at once); its table.
    pub async fn load(&self) -> Result<&'static T, ChunkError> {
        if let Some(table) = self.get() {
            return Ok(table);
        }
        #[cfg(target_family = "wasm")]
        if split::load(self.split.load).await {
            return Ok(*self.loaded.get_or_init(self.split.table));
        }
        Err(ChunkError)
    }
}

/// A chunk, whatever its table: what the start-up, loading ahead and `WithChunk`
/// need.
pub trait AnyChunk: Sync {
    fn name(&self) -> &'static str;
    fn is_loaded(&self) -> bool;
    /// Loads the chunk; whether it could be.
    fn ready(&'static self) -> Pin<Box<dyn Future<Output = bool>>>;
    /// Starts loading the chunk, if it is not loaded; a failure is left to the view
    /// that needs it, which tries again.
    fn load_ahead(&'static self) {
        if !self.is_loaded() {
            let ready = self.ready();
            leptos::task::spawn_local(async move {
                ready.await;
            });
        }
    }
}

impl<T: Sync + 'static> AnyChunk for Chunk<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn is_loaded(&self) -> bool {
        self.get().is_some()
    }

    fn ready(&'static self) -> Pin<Box<dyn Future<Output = bool>>> {
        Box::pin(async move { self.load().await.is_ok() })
    }
}

/// The browser's side of a split point, as the split tool expects it: the wasm
/// imports `__wasm_split_load_<module>` (which fetches the chunk and calls back) and
/// `__wasm_split_00<module>00_import_<id>_<name>`, and exports the same name with
/// `_export_`; the tool moves the export, and what only it reaches, into the chunk
/// and makes calls to the import call it there.
#[cfg(target_family = "wasm")]
pub mod split {
    use std::ffi::c_void;

    /// Called by the loader once a chunk is loaded, or could not be.
    pub type Callback = unsafe extern "C" fn(*const c_void, bool);
    /// A chunk's load function: fetches and instantiates the chunk, then calls back
    /// with `data` (the loader memoizes a success; a failure is tried again).
    pub type Load = unsafe extern "C" fn(Callback, *const c_void);

    /// Loads a chunk with its load function; whether it was loaded. One function
    /// for every chunk, on the page's own promises (`js_sys::Promise`).
    #[inline(never)]
    pub async fn load(load: Load) -> bool {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let data = Box::into_raw(Box::new(resolve)) as *const c_void;
            // SAFETY: the loader calls `loaded` back exactly once with `data`.
            unsafe { load(loaded, data) }
        });
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .is_ok_and(|loaded| loaded.is_truthy())
    }

    unsafe extern "C" fn loaded(data: *const c_void, success: bool) {
        // SAFETY: `data` is the box `load` made, given back once.
        let resolve = unsafe { Box::from_raw(data as *mut js_sys::Function) };
        let _ = resolve.call1(&wasm_bindgen::JsValue::NULL, &success.into());
    }
}

/// Declares a chunk: `chunk!(pub SITEMAP: SitemapChunk = sitemap, TABLE);` makes the
/// split point `sitemap` (the builder writes `split_sitemap-<hash>.wasm`) returning
/// `&TABLE`, and the static `SITEMAP` that loads it. `TABLE` and what only it
/// reaches are the chunk's code.
#[macro_export]
macro_rules! chunk {
    ($vis:vis $name:ident: $table:ty = $module:ident, $value:expr) => {
        $vis static $name: $crate::chunks::Chunk<$table> = $crate::chunks::Chunk::new(
            stringify!($module),
            {
                #[cfg(target_family = "wasm")]
                {
                    #[link(wasm_import_module = "__wasm_split_placeholder__")]
                    #[allow(improper_ctypes)]
                    unsafe extern "C" {
                        #[link_name = concat!("__wasm_split_load_", stringify!($module))]
                        fn load(
                            callback: $crate::chunks::split::Callback,
                            data: *const ::std::ffi::c_void,
                        );
                        #[link_name = concat!(
                            "__wasm_split_00", stringify!($module),
                            "00_import_00000000000000000000000000000000_table"
                        )]
                        fn table_in_chunk() -> &'static $table;
                    }
                    // What the split tool moves into the chunk.
                    #[unsafe(export_name = concat!(
                        "__wasm_split_00", stringify!($module),
                        "00_export_00000000000000000000000000000000_table"
                    ))]
                    #[allow(improper_ctypes_definitions)]
                    extern "C" fn table() -> &'static $table {
                        static TABLE: $table = $value;
                        &TABLE
                    }
                    let _ = table;
                    // Direct calls to the imports, which the split tool rewrites.
                    unsafe extern "C" fn start_loading(
                        callback: $crate::chunks::split::Callback,
                        data: *const ::std::ffi::c_void,
                    ) {
                        unsafe { load(callback, data) }
                    }
                    fn loaded_table() -> &'static $table {
                        unsafe { table_in_chunk() }
                    }
                    $crate::chunks::SplitPoint { load: start_loading, table: loaded_table }
                }
                #[cfg(not(target_family = "wasm"))]
                {
                    fn table() -> &'static $table {
                        static TABLE: $table = $value;
                        &TABLE
                    }
                    $crate::chunks::SplitPoint { table }
                }
            },
        );
    };
}

/// Whether the loader saw a chunk answered with an error status (a 404 after a
/// deployment removed it): the page is then loaded in full, with the new build.
pub fn gone() -> bool {
    browser_says(&[CHUNK_GONE])
}

/// Set on `window` by the loader when a chunk's answer has an error status: see
/// `builder::split`.
pub const CHUNK_GONE: &str = "oimChunkGone";
