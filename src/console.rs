//! Printing to the terminal without panicking when the reader went away.
//!
//! `println!` panics when stdout is a closed pipe (`tebiki init site | head -0`), which
//! prints a Rust panic and exits 101. tebiki instead stops printing quietly when its
//! output is cut short and finishes the command, so the exit code still says whether the
//! site built or checked clean (`tebiki check | head` in CI keeps its meaning under
//! `set -o pipefail`). Use [`outln!`] and [`errln!`] (and [`err!`] without a newline)
//! instead of the std macros.

use std::fmt;
use std::io::{self, Write};

/// Which stream to write to.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Out,
    Err,
}

/// Writes `args` to `stream`. Write errors (a closed pipe, a full disk behind a
/// redirect) are ignored: they must neither panic nor hide the command's exit code.
pub fn write(stream: Stream, args: fmt::Arguments) {
    let _ = match stream {
        Stream::Out => io::stdout().lock().write_fmt(args),
        Stream::Err => io::stderr().lock().write_fmt(args),
    };
}

/// `println!` that ends quietly on a closed pipe.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::console::write($crate::console::Stream::Out, format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that ends quietly on a closed pipe.
#[macro_export]
macro_rules! errln {
    () => {
        $crate::console::write($crate::console::Stream::Err, format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::console::write($crate::console::Stream::Err, format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!` that ends quietly on a closed pipe.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::console::write($crate::console::Stream::Err, format_args!($($arg)*))
    };
}
