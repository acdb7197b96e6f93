//! Which `Host` names the preview answers to. A web page on another site can point its own
//! host name at 127.0.0.1 (DNS rebinding) and then read the preview, drafts included, as
//! if it were the same site; the browser still sends that foreign name in `Host`, so only
//! the names the server is really reached by are accepted.

use std::net::IpAddr;

/// The host names a server bound to one address and port answers to: `127.0.0.1`,
/// `localhost`, `[::1]` and the `--bind` address, each with the port (or without it on
/// port 80). Bound to every address (`0.0.0.0`, `::`), any IP address is accepted too, since
/// other computers reach it by this computer's address; host *names* other than
/// `localhost` never are.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    bind: IpAddr,
    port: u16,
}

impl Hosts {
    pub(crate) fn new(bind: IpAddr, port: u16) -> Hosts {
        Hosts { bind, port }
    }

    /// Whether a request whose `Host` (or absolute URI authority) is `host` is for us.
    pub(crate) fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split(host) else {
            return false;
        };
        match port {
            Some(p) if p != self.port => return false,
            None if self.port != 80 => return false,
            _ => {}
        }
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return false;
        };
        ip == IpAddr::from([127, 0, 0, 1])
            || ip == IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1])
            || ip == self.bind
            || self.bind.is_unspecified()
    }
}

/// `name[:port]` or `[v6][:port]` into the name (brackets removed) and the port.
fn split(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(v6) => match v6.split_once(']')? {
            (name, "") => (name, None),
            (name, rest) => (name, Some(rest.strip_prefix(':')?)),
        },
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    if name.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    Some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_names() {
        let local = Hosts::new("127.0.0.1".parse().unwrap(), 1313);
        for ok in [
            "127.0.0.1:1313",
            "localhost:1313",
            "LocalHost:1313",
            "localhost.:1313",
            "[::1]:1313",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:1313",
            "127.0.0.1.evil.example:1313",
            "localhost.evil.example:1313",
            "127.0.0.1:80",
            "127.0.0.1",
            "localhost:1313:1313",
            "[::1:1313",
            "",
            ":1313",
            "192.168.1.5:1313",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        let lan = Hosts::new("192.168.1.5".parse().unwrap(), 80);
        assert!(lan.allows("192.168.1.5"));
        assert!(lan.allows("192.168.1.5:80"));
        assert!(!lan.allows("10.0.0.1"));
        assert!(!lan.allows("intranet.example"));
        let all = Hosts::new("::".parse().unwrap(), 8080);
        assert!(all.allows("10.0.0.1:8080"));
        assert!(all.allows("[fe80::1]:8080"));
        assert!(!all.allows("rebind.example:8080"));
        let v6 = Hosts::new("::1".parse().unwrap(), 8080);
        assert!(v6.allows("[::1]:8080"));
        assert!(!v6.allows("::1:8080"));
    }
}
