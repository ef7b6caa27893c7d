//! The addresses other devices on the network reach the dev server at, for
//! `serve --bind 0.0.0.0`: printed beside the loopback URL, and the base of the hand-off
//! QR code in serve, so a phone that scans it opens the preview, not the production site.
//!
//! Finding them asks the operating system which local address it would use to reach a
//! documentation-only address (RFC 5737 / RFC 3849): connecting a UDP socket picks a
//! route and sends nothing. No crate lists interfaces portably without new
//! dependencies, and the routed address is the one a phone on the same Wi-Fi can reach.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

/// The network addresses a server bound to `bind` is reachable at from other devices;
/// empty for a loopback bind or when the computer has no network.
pub fn lan_addresses(bind: IpAddr) -> Vec<IpAddr> {
    if bind.is_loopback() {
        return Vec::new();
    }
    if !bind.is_unspecified() {
        return vec![bind];
    }
    let mut found = Vec::new();
    if let Some(ip) = routed_address(
        Ipv4Addr::UNSPECIFIED.into(),
        Ipv4Addr::new(192, 0, 2, 1).into(),
    ) {
        found.push(ip);
    }
    if bind.is_ipv6() {
        let probe = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
        if let Some(ip) = routed_address(Ipv6Addr::UNSPECIFIED.into(), probe.into()) {
            found.push(ip);
        }
    }
    found
}

/// The local address the system routes `probe` from, if it is a usable one.
fn routed_address(local: IpAddr, probe: IpAddr) -> Option<IpAddr> {
    let socket = UdpSocket::bind(SocketAddr::new(local, 0)).ok()?;
    socket.connect(SocketAddr::new(probe, 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// `http://ip:port/base_path` for one address.
pub fn lan_url(ip: IpAddr, port: u16, base_path: &str) -> String {
    match ip {
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}{base_path}"),
        IpAddr::V4(ip) => format!("http://{ip}:{port}{base_path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_has_none_and_a_specific_address_is_itself() {
        assert!(lan_addresses("127.0.0.1".parse().unwrap()).is_empty());
        assert!(lan_addresses("::1".parse().unwrap()).is_empty());
        let ip: IpAddr = "192.168.10.5".parse().unwrap();
        assert_eq!(lan_addresses(ip), [ip]);
        assert_eq!(lan_url(ip, 1111, "/mfa/"), "http://192.168.10.5:1111/mfa/");
        assert_eq!(
            lan_url("fe80::1".parse().unwrap(), 8, "/"),
            "http://[fe80::1]:8/"
        );
    }
}
