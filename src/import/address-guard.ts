/**
 * Which addresses the importer may connect to. Only public unicast addresses pass: private, loopback, link-local,
 * unique-local, CGNAT, multicast, unspecified, reserved and documentation ranges are refused, for IPv4 and IPv6
 * alike (an IPv4-mapped IPv6 address is judged as the IPv4 address it carries). Pure functions over strings.
 */
import ipaddr from "ipaddr.js";

/** Friendlier names for ipaddr.js range labels, for the refusal line. */
const RANGE_NAMES: Record<string, string> = {
  private: "a private address",
  loopback: "a loopback address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local address",
  carrierGradeNat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
  reserved: "a reserved address",
};

/** Why `address` (an IP literal) must not be fetched, or undefined when it is a public unicast address. */
export function addressRefusal(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  } catch {
    return `${address} is not an IP address`;
  }
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === "unicast") return undefined;
  return `${address} is ${RANGE_NAMES[range] ?? `in a non-public range (${range})`}`;
}

/** true when `host` (a URL hostname) is an IP literal rather than a name to resolve. */
export const isIpLiteral = (host: string): boolean => ipaddr.isValid(host.replace(/^\[|\]$/g, ""));

/** Why `url` must not be fetched on its face (scheme, credentials), or undefined. */
export function urlRefusal(url: URL): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `only http and https URLs can be imported (not ${url.protocol.replace(/:$/, "")})`;
  if (url.username || url.password) return "URLs with a user name or password are not imported";
  return undefined;
}
