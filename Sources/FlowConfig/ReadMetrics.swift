import FlowCore
import Foundation
import TOMLKit

extension Reader {
    /// `[metrics]`: the TCP listener and the bearer token a scrape must present there. The metrics name every
    /// client and count its drafts, so a listener without a token is an error, never a warning: any local account
    /// could read them.
    mutating func metrics(_ table: TOMLTable, resolve: (String) -> String) -> (ListenAddress?, BearerToken?) {
        checkKeys(table, "metrics", allowed: ["listen", "token_file", "token_credential"])
        let file = string(table, "token_file", "metrics")
        let credential = string(table, "token_credential", "metrics")
        var token: BearerToken?
        if file != nil && credential != nil {
            issue("metrics.token_credential", "metrics: set token_file or token_credential, not both")
        } else if let file {
            let path = resolve(file)
            token = bearerToken(secretText(file: path, path: "metrics.token_file"), "metrics.token_file", from: path)
        } else if let credential {
            token = bearerToken(
                secretText(credential: credential, path: "metrics.token_credential"), "metrics.token_credential",
                from: "credential \(quoted(credential))")
        }
        guard let (host, port) = listenAddress(table, "metrics", example: "127.0.0.1:9464") else {
            if token != nil {
                warning("metrics", "metrics has a token but no listen: the token is not used")
            }
            return (nil, token)
        }
        if file == nil && credential == nil {
            issue(
                "metrics.listen",
                "metrics.listen needs a bearer token that Prometheus sends (authorization: credentials_file): "
                    + "token_file = \"/etc/flowd/metrics.token\" (owner flowd, mode 0600) or token_credential = "
                    + "\"NAME\" (systemd LoadCredential=); without one any local account could read the metrics")
        }
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            warning(
                "metrics.listen",
                "metrics.listen \(host):\(port) is reachable from other machines over plain HTTP: the token and the "
                    + "metrics (which name clients and sinks) cross the network unencrypted; keep it on loopback, "
                    + "or put a TLS proxy or a firewall in front")
        }
        return (ListenAddress(host: host, port: port), token)
    }

    /// A token from a secret's text; a bad one is named by where it came from, never by its content.
    private mutating func bearerToken(_ text: String?, _ path: String, from origin: String) -> BearerToken? {
        guard let text else { return nil }
        switch BearerToken.parse(text) {
        case .success(let token): return token
        case .failure(let problem):
            issue(path, "the metrics token in \(origin) \(problem)")
            return nil
        }
    }
}
