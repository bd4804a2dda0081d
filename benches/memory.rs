//! Memory of a `Client`: the heap a built client holds (its reqwest client with the TLS
//! configuration, the credentials, the retry policy), counted by a global allocator that tracks
//! live bytes. `cargo bench --bench memory` prints one `name: bytes` line per figure.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract for `dealloc` is passed on as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: the caller's contract for `realloc` is passed on as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

fn main() {
    // `cargo bench` passes `--bench`; this binary takes no arguments and ignores them.
    let before = live();
    let client = zohocrm::Client::builder()
        .base_url("http://127.0.0.1:8080")
        .access_token("1000.bench.token")
        .build()
        .expect("client");
    let built = live();
    let clone = client.clone();
    let cloned = live();
    drop(clone);
    drop(client);
    let dropped = live();
    println!(
        "client_stack_bytes: {}",
        std::mem::size_of::<zohocrm::Client>()
    );
    println!("client_heap_bytes: {}", built - before);
    println!("clone_heap_bytes: {}", cloned - built);
    println!("heap_bytes_left_after_drop: {}", dropped - before);
}
