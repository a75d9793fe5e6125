//! The shell around every page: skip links, header and its menu, breadcrumbs,
//! footer, the route announcer, the page's head tags and content prefetch.
//! Everything here is drawn from the navigation model.

mod announcer;
mod breadcrumbs;
mod footer;
mod head;
mod header;
mod prefetch;
mod skip_links;

pub use announcer::RouteAnnouncer;
pub use breadcrumbs::Breadcrumbs;
pub use footer::SiteFooter;
pub use head::{HeadTag, PageMeta};
#[cfg(feature = "ssr")]
pub use head::{PageHead, PrerenderedHead};
pub use header::{SiteHeader, STATIC_MARKUP};
pub use prefetch::{prefetch_on_intent, LoadAhead};
pub use skip_links::SkipLinks;
