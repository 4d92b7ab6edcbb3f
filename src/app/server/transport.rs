//! JSON-RPC frames over stdin and stdout, with limits: a header line is at
//! most 1 KiB and a message at most [`MAX_MESSAGE_BYTES`], so a frame that
//! claims 100 GB is refused instead of allocated. (`lsp-server`'s own
//! stdio transport sizes its buffer from `Content-Length` unchecked.)

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message};
use std::io::{BufRead, Read, Write};
use std::thread::JoinHandle;

/// Largest message read: a document at the 64 MiB file limit, with room
/// for JSON escaping.
pub const MAX_MESSAGE_BYTES: usize = 160 * 1024 * 1024;
const MAX_HEADER_LINE: u64 = 1024;

pub struct Threads {
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Threads {
    /// Wait for the writer to flush what is queued. The reader is waited
    /// for only when it has stopped (at `exit`): otherwise it may sit on
    /// an input that never ends.
    pub fn join(self, reader_done: bool) {
        let _ = self.writer.join();
        if reader_done {
            let _ = self.reader.join();
        }
    }
}

/// Read one frame's body. `Ok(None)`: the input ended between frames.
pub fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut length: Option<usize> = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        let n = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return if first {
                Ok(None)
            } else {
                Err("the input ended inside a header".to_owned())
            };
        }
        first = false;
        if !line.ends_with(b"\n") {
            // Cut at the limit, or the input ended before the line did.
            return Err(if n as u64 >= MAX_HEADER_LINE {
                "a header line longer than 1 KiB".to_owned()
            } else {
                "the input ended inside a header".to_owned()
            });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(format!("malformed header {text:?}"));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let size: usize = value
                .trim()
                .parse()
                .map_err(|_| format!("malformed Content-Length {value:?}"))?;
            if size > MAX_MESSAGE_BYTES {
                return Err(format!(
                    "a message of {size} bytes is over the {} MiB limit",
                    MAX_MESSAGE_BYTES / 1024 / 1024
                ));
            }
            length = Some(size);
        }
    }
    let size = length.ok_or("a frame without Content-Length")?;
    let mut body = vec![0; size];
    input
        .read_exact(&mut body)
        .map_err(|_| "the input ended inside a message".to_owned())?;
    Ok(Some(body))
}

/// A connection over the process's stdin and stdout.
pub fn stdio() -> (Connection, Threads) {
    let (to_writer, from_main): (Sender<Message>, Receiver<Message>) = bounded(0);
    let (to_main, from_reader): (Sender<Message>, Receiver<Message>) = bounded(0);
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for message in from_main {
            // A closed stdout: nobody is listening; stop writing.
            if message.write(&mut out).and_then(|()| out.flush()).is_err() {
                break;
            }
        }
    });
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            let body = match read_frame(&mut input) {
                Ok(Some(body)) => body,
                Ok(None) => break,
                Err(reason) => {
                    eprintln!("rolelint server: {reason}; stopping");
                    break;
                }
            };
            let message: Message = match serde_json::from_slice(&body) {
                Ok(message) => message,
                Err(err) => {
                    eprintln!("rolelint server: a message that is not JSON-RPC ({err}); ignored");
                    continue;
                }
            };
            let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
            if to_main.send(message).is_err() || exit {
                break;
            }
        }
    });
    let connection = Connection {
        sender: to_writer,
        receiver: from_reader,
    };
    (connection, Threads { reader, writer })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_within_limits() {
        let mut ok: &[u8] = b"Content-Length: 2\r\nContent-Type: x\r\n\r\n{}";
        assert_eq!(read_frame(&mut ok).unwrap(), Some(b"{}".to_vec()));
        let mut end: &[u8] = b"";
        assert_eq!(read_frame(&mut end).unwrap(), None);
        let mut huge: &[u8] = b"Content-Length: 99999999999\r\n\r\n";
        assert!(read_frame(&mut huge).unwrap_err().contains("over the"));
        let long = format!("X-{}: 1\r\n", "a".repeat(5000));
        assert!(
            read_frame(&mut long.as_bytes())
                .unwrap_err()
                .contains("1 KiB")
        );
        let mut short: &[u8] = b"Content-Length: 10\r\n\r\n{}";
        assert!(
            read_frame(&mut short)
                .unwrap_err()
                .contains("inside a message")
        );
        // The input ends in the middle of a header line, or after one.
        for cut in [
            &b"Content-Length: 5"[..],
            b"Content-Len",
            b"Content-Length: 5\r\n",
        ] {
            let mut cut = cut;
            assert_eq!(
                read_frame(&mut cut).unwrap_err(),
                "the input ended inside a header"
            );
        }
        let mut none: &[u8] = b"X: 1\r\n\r\n";
        assert!(
            read_frame(&mut none)
                .unwrap_err()
                .contains("without Content-Length")
        );
    }
}
