//! Connections of `hyoka serve` with a time limit, against slow and half-open clients.
//!
//! `axum::serve` runs hyper without a timer, so hyper's own header-read timeout never
//! fires: a client that sends half a request line and stalls, or opens a connection and
//! says nothing, would keep its connection (and a file descriptor) for as long as it
//! likes. Enough of them and the process runs out of descriptors and new visitors wait.
//!
//! [`TimedListener`] wraps every accepted connection in a [`TimedStream`] that closes it
//! once the server has sent nothing on it for [`IDLE_TIMEOUT`]. Only what the server
//! *writes* counts as activity, never what the client sends, so trickling a request one
//! byte at a time does not keep a connection alive either. This covers, with one rule:
//!
//! - a request line or headers that never finish (slowloris);
//! - connections opened and left idle, including a browser's kept-alive connection
//!   between two requests (browsers open a new one when they need it);
//! - a client that stops reading a response (writes stay blocked).
//!
//! Every answer is made in memory at once, so a legitimate request never waits that long
//! for its first byte; the live-reload stream sends a keep-alive comment well within the
//! limit (`http::SSE_KEEP_ALIVE`). Doing this around the socket keeps to the crates the
//! server already uses (axum's `Listener` trait and tokio's timer).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};

/// How long a connection may go without the server sending anything on it.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// A TCP listener whose connections close after `idle` without a byte sent to the client.
pub(crate) struct TimedListener {
    inner: TcpListener,
    idle: Duration,
}

impl TimedListener {
    /// Wraps `inner`; connections are closed after `idle` with nothing sent.
    pub(crate) fn new(inner: TcpListener, idle: Duration) -> TimedListener {
        TimedListener { inner, idle }
    }
}

impl axum::serve::Listener for TimedListener {
    type Io = TimedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TimedStream, SocketAddr) {
        // axum's accept for tokio's listener retries after errors such as running out of
        // file descriptors (after a pause), so the server never stops accepting.
        let (io, addr) = axum::serve::Listener::accept(&mut self.inner).await;
        // Small answers go out at once instead of waiting for the client's ACK.
        let _ = io.set_nodelay(true);
        (TimedStream::new(io, self.idle), addr)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// A connection that fails with `TimedOut` once it has waited (to read or to write)
/// longer than `idle` after the last byte the server sent; hyper then closes it.
pub(crate) struct TimedStream {
    io: TcpStream,
    idle: Duration,
    /// When the server last sent something (or the connection was accepted).
    last_write: Instant,
    /// Fires at `last_write + idle`; moved forward only when it is polled.
    timer: Pin<Box<Sleep>>,
}

impl TimedStream {
    fn new(io: TcpStream, idle: Duration) -> TimedStream {
        let now = Instant::now();
        TimedStream {
            io,
            idle,
            last_write: now,
            timer: Box::pin(tokio::time::sleep_until(now + idle)),
        }
    }

    /// Called while the socket is not ready: whether the time is up. Otherwise the timer
    /// is armed to wake the task when it is.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        let due = self.last_write + self.idle;
        if self.timer.deadline() != due {
            self.timer.as_mut().reset(due);
        }
        self.timer.as_mut().poll(cx).is_ready()
    }

    /// After a write: a byte sent resets the time limit; a blocked write checks it.
    fn wrote(
        &mut self,
        r: Poll<io::Result<usize>>,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<usize>> {
        match r {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.last_write = Instant::now();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(timed_out())),
            other => other,
        }
    }
}

fn timed_out() -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        "接続が長い間使われていないため閉じました",
    )
}

impl AsyncRead for TimedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(timed_out())),
            other => other,
        }
    }
}

impl AsyncWrite for TimedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_write(cx, buf);
        this.wrote(r, cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.wrote(r, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::{Body, Bytes};
    use axum::routing::get;
    use std::io::{Read, Write};
    use std::time::Instant as StdInstant;

    /// A server with time limit `idle` on a runtime of its own: `/` answers at once,
    /// `/stream` sends a line every 100 ms, 20 times.
    fn server(idle: Duration) -> (tokio::runtime::Runtime, SocketAddr) {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let addr = rt.block_on(async {
            let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = l.local_addr().unwrap();
            let app = Router::new().route("/", get(|| async { "ok" })).route(
                "/stream",
                get(|| async {
                    let s = futures_util::stream::unfold(0, |n| async move {
                        if n == 20 {
                            return None;
                        }
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        Some((Ok::<_, std::convert::Infallible>(Bytes::from("x\n")), n + 1))
                    });
                    Body::from_stream(s)
                }),
            );
            tokio::spawn(async move {
                let _ = axum::serve(TimedListener::new(l, idle), app).await;
            });
            addr
        });
        (rt, addr)
    }

    /// Reads until the server closes the connection (at most 20 s); what it sent.
    fn until_closed(s: &mut std::net::TcpStream) -> (Vec<u8>, bool) {
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 1024];
        loop {
            match s.read(&mut buf) {
                Ok(0) => return (got, true),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset => return (got, true),
                Err(_) => return (got, false),
            }
        }
    }

    #[test]
    fn half_sent_requests_and_idle_connections_are_closed() {
        let (_rt, addr) = server(Duration::from_millis(300));
        // Half a request line, then nothing.
        let mut half = std::net::TcpStream::connect(addr).unwrap();
        half.write_all(b"GET / HT").unwrap();
        // Nothing at all.
        let mut silent = std::net::TcpStream::connect(addr).unwrap();
        // A request dribbled a byte at a time: what the client sends does not count.
        let mut slow = std::net::TcpStream::connect(addr).unwrap();
        let trickle = std::thread::spawn(move || {
            let start = StdInstant::now();
            for b in b"GET / HTTP/1.1\r\nX-Slow: ".iter().cycle() {
                if slow.write_all(&[*b]).is_err() || start.elapsed() > Duration::from_secs(20) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            until_closed(&mut slow)
        });
        for s in [&mut half, &mut silent] {
            let (got, closed) = until_closed(s);
            assert!(closed, "the server kept the connection open");
            assert!(got.is_empty() || got.starts_with(b"HTTP/1.1 4"), "{got:?}");
        }
        let (_, closed) = trickle.join().unwrap();
        assert!(closed, "a trickled request kept its connection open");

        // Other clients are served as usual.
        let mut ok = std::net::TcpStream::connect(addr).unwrap();
        ok.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let (got, _) = until_closed(&mut ok);
        assert!(got.starts_with(b"HTTP/1.1 200"), "{got:?}");
        assert!(got.ends_with(b"ok"));
    }

    #[test]
    fn a_response_being_sent_keeps_its_connection() {
        // The stream takes 2 s in all, sending every 100 ms: far past the limit as a
        // whole, never near it between two writes.
        let (_rt, addr) = server(Duration::from_secs(1));
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let (got, closed) = until_closed(&mut s);
        assert!(closed);
        let text = String::from_utf8_lossy(&got);
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        assert_eq!(text.matches("x\n").count(), 20, "{text}");
    }
}
