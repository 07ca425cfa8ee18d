#!/usr/bin/env python3
"""A small, deterministic Segment event stream for the bundled example (examples/saas).

    generate_events.py [--users 300] [--seed 42] [--days 21] > events.jsonl

About ten events per user over three weeks of signups: identify calls with traits, the
product events of examples/saas/schema.onb, and the noise real streams have (an
undeclared event, a duplicate retry, an invalid property, a malformed line). The same
arguments always give the same bytes.
"""
import argparse
import datetime as dt
import json
import random

DAY = 86_400_000
HOUR = 3_600_000
START = int(dt.datetime(2025, 3, 3, tzinfo=dt.timezone.utc).timestamp() * 1000)
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "UTC", "Australia/Sydney"]
NAMES = ["Ada", "Grace", "Linus", "Barbara", "Ken", None, "Margaret", "Dennis", None, "Frances"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", None, "Hooli", "Stark"]


def iso(ms):
    t = dt.datetime.fromtimestamp(ms / 1000, tz=dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=300)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--days", type=int, default=21)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    lines = []  # (t, order, text)
    n = 0

    def track(user, event, t, props=None):
        nonlocal n
        n += 1
        rec = {"type": "track", "userId": user, "event": event, "timestamp": iso(t),
               "messageId": f"m-{args.seed}-{n}"}
        if props is not None:
            rec["properties"] = props
        lines.append((t, n, json.dumps(rec, separators=(",", ":"))))

    def identify(user, t, traits):
        nonlocal n
        n += 1
        rec = {"type": "identify", "userId": user, "timestamp": iso(t), "traits": traits}
        lines.append((t, n, json.dumps(rec, separators=(",", ":"))))

    for i in range(args.users):
        user = f"user-{i:04d}"
        signup = START + rnd.randrange(args.days * DAY)
        plan = rnd.choices(["free", "trial", "pro", "enterprise"], [50, 25, 15, 10])[0]
        seats = rnd.choice([1, 1, 2, 5, 12, 60]) if plan != "free" else 1
        traits = {"plan": plan, "seats": seats, "email_consent": rnd.random() < 0.9,
                  "sms_consent": rnd.random() < 0.3, "timezone": rnd.choice(ZONES),
                  "role": rnd.choice(["admin", "developer", "marketer", "analyst"])}
        name, company = rnd.choice(NAMES), rnd.choice(COMPANIES)
        if name:
            traits["first_name"] = name
        if company:
            traits["company"] = company
        identify(user, signup - 500, traits)
        track(user, "Signed Up", signup, {"source": rnd.choice(["ads", "organic", "referral"])})
        t = signup
        engaged = rnd.random()
        for _ in range(rnd.randrange(2, 12)):
            t += rnd.randrange(HOUR, 3 * DAY) if rnd.random() < 0.85 else rnd.randrange(6 * DAY, 9 * DAY)
            track(user, "App Opened", t)
        if engaged > 0.35:
            track(user, "Project Created", signup + rnd.randrange(10 * DAY),
                  {"template": rnd.choice(["kanban", "crm", None, None])})
        if rnd.random() < 0.2:
            burst = signup + rnd.randrange(5 * DAY)
            for k in range(rnd.randrange(1, 6)):
                track(user, "Step Failed", burst + k * 600_000,
                      {"step": rnd.choice(["billing", "import", "sso"]), "code": rnd.choice([400, 500, 503])})
        if plan == "trial" or rnd.random() < 0.1:
            trial = signup + rnd.randrange(2 * DAY)
            track(user, "Trial Started", trial, {"days": 14})
            if rnd.random() < 0.6:
                connected = trial + rnd.randrange(4 * DAY)
                track(user, "Data Connected", connected, {"connector": rnd.choice(["postgres", "stripe", "csv"])})
                if rnd.random() < 0.7:
                    track(user, "Dashboard Shared", connected + rnd.randrange(3 * DAY))
            for _ in range(rnd.choice([0, 1, 2, 3])):
                track(user, "Pricing Viewed", trial + rnd.randrange(10 * DAY), {"page": "/pricing"})
            if rnd.random() < 0.3:
                paid = trial + rnd.randrange(20 * DAY)
                track(user, "Subscribed", paid, {"plan": "pro", "seats": seats})
                identify(user, paid + 1000, {"plan": "pro"})
        if rnd.random() < 0.25:
            track(user, "Teammate Invited", signup + rnd.randrange(20 * DAY), {"role": "developer"})
        if plan == "enterprise" and rnd.random() < 0.4:
            track(user, "Demo Requested", signup + rnd.randrange(7 * DAY))
        if rnd.random() < 0.3:
            track(user, "Docs Viewed", signup + rnd.randrange(DAY))  # not in the schema: ignored

    lines.sort(key=lambda x: (x[0], x[1]))
    out = [text for _, _, text in lines]
    # The noise of a real stream: a client retry, an invalid property, a broken line.
    out.insert(len(out) // 3, out[len(out) // 3])
    out.insert(len(out) // 2, '{"type":"track","userId":"user-0001","event":"Step Failed",'
                              '"timestamp":"' + iso(START + 5 * DAY) + '","properties":{"step":"sso","code":"500"}}')
    out.insert(2 * len(out) // 3, '{"type":"track","userId":"user-0002","event":"App Opened","timestamp":')
    print("\n".join(out))


if __name__ == "__main__":
    main()
