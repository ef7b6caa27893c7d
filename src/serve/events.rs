//! Server-sent events at `/__tebiki/events`: one thread per open page, fed by a hub.
//!
//! Each stream gets its own thread and writes straight to the socket, so a page that
//! stays open for hours never holds one of the request workers, and a stalled browser
//! only stalls its own thread (and is dropped at the next failed write).

use std::io::Write;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// One event as the browser receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `reload`, `css`, `error` or `hello`.
    pub event: &'static str,
    pub data: String,
}

impl Message {
    pub fn new(event: &'static str, data: impl Into<String>) -> Self {
        Message {
            event,
            data: data.into(),
        }
    }

    /// The wire form: `event:` and one `data:` line per line of data.
    pub fn to_wire(&self) -> String {
        let mut out = format!("event: {}\n", self.event);
        for line in self.data.split('\n') {
            out.push_str("data: ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
        out
    }
}

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Message>>>,
}

/// A comment line sent when nothing happened for this long, so dead streams are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

impl Hub {
    /// Sends a message to every open stream, forgetting the closed ones.
    pub fn broadcast(&self, message: &Message) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|client| client.send(message.clone()).is_ok());
    }

    /// The number of open streams.
    pub fn len(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Registers a new stream; what `first` returns is sent before anything else.
    ///
    /// `first` runs while the hub is locked, so no broadcast falls between the two: a
    /// build that finishes while a page connects is either in the page's greeting or
    /// reaches it as a broadcast (both, at worst), never neither.
    pub fn subscribe(&self, first: impl FnOnce() -> Vec<Message>) -> Receiver<Message> {
        let (tx, rx) = channel();
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        for message in first() {
            let _ = tx.send(message);
        }
        clients.push(tx);
        rx
    }

    /// Closes every stream (on shutdown).
    pub fn close_all(&self) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// Writes the response head and then every message until the client goes away or the
/// hub closes. Runs on the stream's own thread.
pub fn stream_events(mut socket: Box<dyn Write + Send>, messages: Receiver<Message>) {
    let head = "HTTP/1.1 200 OK\r\n\
        Content-Type: text/event-stream; charset=utf-8\r\n\
        Cache-Control: no-cache\r\n\
        Connection: close\r\n\
        X-Accel-Buffering: no\r\n\r\n\
        retry: 500\n\n";
    if socket.write_all(head.as_bytes()).is_err() || socket.flush().is_err() {
        return;
    }
    loop {
        let text = match messages.recv_timeout(KEEPALIVE) {
            Ok(message) => message.to_wire(),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if socket.write_all(text.as_bytes()).is_err() || socket.flush().is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_form_splits_lines() {
        let m = Message::new("error", "[1,\n2]");
        assert_eq!(m.to_wire(), "event: error\ndata: [1,\ndata: 2]\n\n");
    }

    #[test]
    fn broadcast_forgets_closed_streams() {
        let hub = Hub::default();
        let kept = hub.subscribe(|| vec![Message::new("hello", "1")]);
        drop(hub.subscribe(Vec::new));
        hub.broadcast(&Message::new("reload", "2"));
        assert_eq!(hub.len(), 1);
        assert_eq!(kept.recv().unwrap(), Message::new("hello", "1"));
        assert_eq!(kept.recv().unwrap(), Message::new("reload", "2"));
    }

    /// A build that finishes while a page's greeting is being read must still reach that
    /// page. The build stores its snapshot, then broadcasts; here the broadcast starts
    /// while the greeting (of the build before) is read, and must not be lost.
    #[test]
    fn a_broadcast_during_a_greeting_still_reaches_the_new_stream() {
        let hub = std::sync::Arc::new(Hub::default());
        let mut broadcaster = None;
        let stream = hub.subscribe(|| {
            let hub = std::sync::Arc::clone(&hub);
            broadcaster = Some(std::thread::spawn(move || {
                hub.broadcast(&Message::new("reload", "5"));
            }));
            // Give the broadcast every chance to run before this stream is registered.
            std::thread::sleep(Duration::from_millis(50));
            vec![Message::new("hello", "4")]
        });
        broadcaster.unwrap().join().unwrap();
        assert_eq!(stream.recv().unwrap(), Message::new("hello", "4"));
        assert_eq!(
            stream.recv_timeout(Duration::from_secs(1)),
            Ok(Message::new("reload", "5")),
            "the page would stay on build 4"
        );
    }
}
