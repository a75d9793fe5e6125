use leptos::prelude::document;

fn main() {
    console_error_panic_hook::set_once();
    // Trunk writes the public URL (`/` or a sub-path such as `/oim/`) into `<base href>`.
    let public_url = document()
        .query_selector("base[href]")
        .ok()
        .flatten()
        .and_then(|base| base.get_attribute("href"))
        .unwrap_or_else(|| "/".to_string());
    oim_site::nav::set_base(&public_url);
    leptos::mount::mount_to_body(oim_site::app::App);
}
