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

    /// Registers a new stream; `first` is sent before anything else.
    pub fn subscribe(&self, first: Vec<Message>) -> Receiver<Message> {
        let (tx, rx) = channel();
        for message in first {
            let _ = tx.send(message);
        }
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
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
        let kept = hub.subscribe(vec![Message::new("hello", "1")]);
        drop(hub.subscribe(Vec::new()));
        hub.broadcast(&Message::new("reload", "2"));
        assert_eq!(hub.len(), 1);
        assert_eq!(kept.recv().unwrap(), Message::new("hello", "1"));
        assert_eq!(kept.recv().unwrap(), Message::new("reload", "2"));
    }
}
