"""What bench/webhooks and bench/instructions share about signed webhook deliveries: the daemon's config, the
drafts seeded in review, and the requests (GitHub's scheme: HMAC-SHA256 over the body, one delivery id each):
approvals, and the comments bench/instructions also counts."""
import hashlib, hmac, json, os, sqlite3, time


def write_config(work, port, secret):
    """config.toml and the source's secret file in `work`: ana (agency, on the control socket as the running
    user), carl (the client's approver), and the source `review`, which may approve and comment as carl."""
    path = os.path.join(work, "review.secret")
    with open(path, "wb") as f:
        f.write(secret)
    os.chmod(path, 0o600)
    config = os.path.join(work, "config.toml")
    with open(config, "w") as f:
        f.write(f"""
[daemon]
socket = "flowd.sock"
database = "flowd.db"
log_level = "warning"

[[users]]
name = "ana"
side = "agency"
roles = ["author", "admin"]
unix_user = "@self"

[[users]]
name = "carl"
side = "company"
roles = ["approver"]

[[clients]]
id = "acme"
approvers = ["carl"]

[webhooks]
listen = "127.0.0.1:{port}"

[[webhooks.sources]]
name = "review"
scheme = "github"
secret_files = ["review.secret"]
actor = "carl"
actions = ["approve", "comment"]
""")
    return config


def seed_review_drafts(database, ids):
    """Drafts in review with the given ids, written straight into a database the daemon created (and stopped)."""
    db = sqlite3.connect(database)
    now = int(time.time() * 1000)
    db.execute("BEGIN")
    db.executemany("""INSERT INTO drafts (id, client, lane, state, revision, title, body, channels, content_hash,
        author, revision_author, revision_author_side, approvals, labels, created_at, updated_at, entered_at)
        VALUES (?, 'acme', 'normal', 'review', 1, 'bench', 'body', '[]', 'sha256:x', 'ana', 'ana', 'agency', '[]',
        '[]', ?, ?, ?)""", [(i, now, now, now) for i in ids])
    db.execute("COMMIT")
    db.close()


def approval_request(secret, draft):
    """The signed request that approves revision 1 of `draft`, with delivery id d-<draft>."""
    return signed_request(secret, {"draft": draft, "action": "approve", "revision": 1}, f"d-{draft}")


def comment_request(secret, draft, n):
    """The signed request that comments on `draft`, with delivery id c-<n>. The message differs for each `n`: for the
    GitHub scheme, flowd takes the signed body as the delivery (the id header is not signed)."""
    return signed_request(secret, {"draft": draft, "action": "comment", "message": f"bench {n}"}, f"c-{n}")


def signed_request(secret, command, delivery):
    body = json.dumps(command).encode()
    sig = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return (b"POST /hooks/review HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + f"X-Hub-Signature-256: sha256={sig}\r\nX-GitHub-Delivery: {delivery}\r\n".encode()
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
