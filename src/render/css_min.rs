//! The theme's stylesheets are published without comments and indentation.
//!
//! The theme's CSS is written to be read (and its comments explain choices a university's
//! web team must not undo), but every reader downloads it on a phone. Takes a stylesheet's
//! text, gives the same rules with comments removed, each run of whitespace made one
//! space, no space around `{`, `}`, `;`, `,` and `>` or after `:`, and no `;` before `}`.
//! Strings (`content: " ("`) are copied as written. Only the theme's own `.css` files go
//! through this; a site's `static/` files are published byte for byte.

/// `css` without comments and needless whitespace.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    match s {
                        '\\' if !escaped => escaped = true,
                        s if s == c && !escaped => break,
                        _ => escaped = false,
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '{' | '}' | ';' | ',' | '>' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
            }
            ':' => {
                // A space after a colon never matters (`a :hover` has it before).
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
            }
            c => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes the space held back before `next`, unless it is at the start or after a
/// character that needs none.
fn flush_space(out: &mut String, pending: &mut bool, _next: char) {
    if std::mem::take(pending) && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', '>']) {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn comments_and_indentation_go_and_meaning_stays() {
        let css = "/* theme */\n:root {\n  --a: #fff; /* why */\n}\n\n@media (min-width: 48rem) {\n  .a > b, .c :focus { margin: 0 auto; }\n}\n";
        assert_eq!(
            minify_css(css),
            ":root{--a:#fff}@media (min-width:48rem){.a>b,.c :focus{margin:0 auto}}"
        );
    }

    #[test]
    fn strings_and_calc_keep_their_spaces() {
        let css = ".x::after { content: \" ( /* not a comment */ , \"; width: calc(100% - 2rem); }\n.y{content:'a\\'  b'}";
        assert_eq!(
            minify_css(css),
            ".x::after{content:\" ( /* not a comment */ , \";width:calc(100% - 2rem)}.y{content:'a\\'  b'}"
        );
    }

    #[test]
    fn the_shipped_stylesheet_keeps_every_rule() {
        let css = include_str!("../../themes/default/static/tebiki.css");
        let min = minify_css(css);
        assert!(min.len() < css.len() * 9 / 10);
        let count = |s: &str, c: char| s.chars().filter(|&x| x == c).count();
        // Braces and declarations survive (outside comments: the theme's comments hold none).
        assert_eq!(count(&min, '{'), count(css, '{'));
        assert_eq!(count(&min, '}'), count(css, '}'));
    }
}
