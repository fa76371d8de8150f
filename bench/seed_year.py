"""A year of history for the benches: drafts with about ten events each, spread over the year before `now`,
written straight into a database whose schema flowd made. Shared by bench/report and bench/simulate.

Each draft: created by ops, submitted (a second or third round after a request for changes for 30 % and 10 %),
commented on by the approver half the time, reminded 40 %, acknowledged 20 %, escalated 20 %, then approved by the
approver or backup (auto-approved for 30 % of urgent drafts), then published; padded with comments to ten events.
What lies after `now` stays undone, so the newest drafts are still in draft or review.
"""
import json, random, sqlite3, time

H = 3_600_000


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def seed_year(db_path, drafts, clients, now, urgent_every=10, seed=7):
    """Writes `drafts` drafts for `clients` (round robin; every `urgent_every`-th round urgent, none when 0) and
    their events; returns (drafts written, events written)."""
    rng = random.Random(seed)
    year_ago = now - 365 * 86_400_000
    channels = ["linkedin", "instagram", "x", "facebook", "xing"]

    plans = []
    for n in range(drafts):
        c = clients[n % len(clients)]
        lane = "urgent" if urgent_every and (n // len(clients)) % urgent_every == 0 else "normal"
        t = year_ago + int((now - year_ago - 2 * H) * n / drafts)
        a1, a2 = f"{c}-a1", f"{c}-a2"
        ev = [(t, "ops", "create", None, "draft", "{}")]
        state = "draft"
        rounds = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
        for r in range(rounds):
            t += rng.randrange(1, 24) * H // 2
            ev.append((t, "ops", "submit", "draft", "review", "{}"))
            if rng.random() < 0.5:
                t += rng.randrange(1, 10) * H // 3
                ev.append((t, a1, "comment", "review", "review", "{}"))
            if rng.random() < 0.4:
                t += H
                ev.append((t, "flowd", "remind", "review", "review", "{}"))
            if rng.random() < 0.2:
                t += H
                ev.append((t, a2, "acknowledge", "review", "review", json.dumps({"until": iso(t + 4 * H)})))
            if rng.random() < 0.2:
                t += H
                ev.append((t, "flowd", "escalate", "review", "review", "{}"))
            t += rng.randrange(1, 48) * H // 2
            if r < rounds - 1:
                ev.append((t, a1, "request-changes", "review", "draft", "{}"))
                t += rng.randrange(1, 12) * H
                ev.append((t, "ops", "edit", "draft", "draft", "{}"))
            elif lane == "urgent" and rng.random() < 0.3:
                ev.append((t, "flowd", "auto-approve", "review", "approved", "{}"))
            else:
                ev.append((t, rng.choice([a1, a2]), "approve", "review", "approved", "{}"))
        t += rng.randrange(1, 24) * H
        ev.append((t, "ops", "publish", "approved", "published", "{}"))
        while len(ev) < 10:
            ev.insert(1, (t, "ops", "comment", "draft", "draft", "{}"))
            ev.sort(key=lambda e: e[0])
        # What has not happened yet by now stays in the future: the draft stops where now finds it.
        done = [e for e in ev if e[0] <= now]
        state = done[-1][4]
        chans = json.dumps(sorted(rng.sample(channels, 1 + (rng.random() < 0.3))))
        plans.append((c, lane, chans, state, done))

    plans.sort(key=lambda p: p[4][0][0])
    draft_rows, event_rows = [], []
    for i, (c, lane, chans, state, done) in enumerate(plans, start=1):
        draft_rows.append((i, c, lane, state, 1, f"Post {i}", f"The body of post {i}, a few sentences long.", chans,
                           f"h{i}", "ops", "ops", "agency", "[]", "[]", done[0][0], done[-1][0],
                           done[-1][0] + 8 * H if state in ("review", "draft") else None))
        for (at, actor, action, frm, to, data) in done:
            event_rows.append((at, i, actor, action, frm, to, data))
    event_rows.sort(key=lambda e: e[0])
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executemany(
        "INSERT INTO drafts (id, client, lane, state, revision, title, body, channels, content_hash, author, "
        "revision_author, revision_author_side, approvals, labels, created_at, updated_at, due_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", draft_rows)
    db.executemany(
        "INSERT INTO events (at, draft_id, actor, action, from_state, to_state, revision, data) "
        "VALUES (?,?,?,?,?,?,1,?)", event_rows)
    db.commit()
    db.close()
    return len(draft_rows), len(event_rows)
