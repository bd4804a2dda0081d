use zohocrm_codegen::page::*;
fn keys(k: &[Key], d: usize) {
    for k in k {
        println!(
            "{}{} {:?} {:?} vals={:?}",
            "  ".repeat(d + 2),
            k.name,
            k.ty,
            k.need,
            k.values
                .iter()
                .map(|v| v.value.as_str())
                .collect::<Vec<_>>()
        );
        keys(&k.children, d + 1);
    }
}
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        match parse(&text) {
            Ok(p) => {
                println!(
                    "== {path}: title={:?} partial={} url={:?}",
                    p.title, p.partial, p.doc_url
                );
                for e in &p.endpoints {
                    println!("  EP {:?} {}", e.method, e.path);
                }
                println!("  scope {:?}", p.scope.as_ref().map(|s| &s.grants));
                match &p.params {
                    Listing::Unknown => println!("  params unknown"),
                    l => {
                        println!("  params whole={}", l.is_whole());
                        keys(l.items().unwrap(), 0)
                    }
                }
                match &p.keys {
                    Listing::Unknown => println!("  keys unknown"),
                    l => {
                        println!("  keys whole={}", l.is_whole());
                        keys(l.items().unwrap(), 0)
                    }
                }
                match &p.errors {
                    Listing::Unknown => println!("  errors unknown"),
                    l => {
                        for e in l.items().unwrap() {
                            println!(
                                "    ERR {} {} {:?} || {:.50}",
                                e.code, e.status, e.message, e.resolution
                            )
                        }
                    }
                }
                println!(
                    "  inputs {:?} responses {:?}",
                    p.sample_inputs.items().map(|s| s.len()),
                    p.sample_responses.items().map(|s| s.len())
                );
            }
            Err(e) => println!("{path}: ERROR {e}"),
        }
    }
}
