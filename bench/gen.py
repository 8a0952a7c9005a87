#!/usr/bin/env python3
"""Writes a large synthetic WhatsApp export for benchmarks.

usage: bench/gen.py DIALECT MESSAGES OUT
DIALECT: android (DD/MM/YYYY, HH:MM - ), ios ([M/D/YY, HH:MM:SS] with LRM media lines, CRLF),
         android12 (M/D/YY, h:mm NNBSP PM - )
Bodies mix short texts, multi-line assistant answers, media lines, non-ASCII text and lines that begin with a date.
Deterministic: the same arguments give the same bytes."""
import random, sys, datetime

if len(sys.argv) != 4 or sys.argv[1] in ("-h", "--help"):
    print(__doc__)
    sys.exit(0 if len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help") else 2)
dialect, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(42)
LRM, NNBSP = "\u200e", "\u202f"
users = ["Sam Rivera", "Copilot"]
short = ["ok", "Thanks! 👍", "What's the capital of Peru?", "Can you summarise this?", "¿Dónde está la estación?",
         "Как дела?", "Sounds good: let's do it", "haha 😂", "Give me three ideas for dinner"]
# An assistant answer is a leading run of these lines (AI answers are long: 200-600 bytes).
answer = ["Here's a plan for the week, keeping it simple and cheap:", "",
          "*Monday* – Chickpea curry with rice; cook a double batch so Tuesday's lunch is done.",
          "*Tuesday* – Veggie tacos: black beans, corn, peppers and a squeeze of lime.",
          "- 2 onions, garlic, a tin of tomatoes and ~200 g of spinach",
          "1. Status of open tasks (10 min)", "14/01/2025 15:00-15:30, room 2",
          "Note: the café on Rue de la Paix closes early on Sundays — plan around it.", "```",
          "def f(x): return x * 2", "```",
          "Would you like a shopping list too, or the same plan with fewer ingredients?"]
t = datetime.datetime(2023, 1, 1, 8, 0)
nl = "\r\n" if dialect == "ios" else "\n"
with open(out, "w", encoding="utf-8", newline="") as f:
    for i in range(count):
        t += datetime.timedelta(seconds=rng.randint(5, 900))
        author = users[i % 2]
        r = rng.random()
        if author == "Copilot" and r < 0.85:
            body = "\n".join(answer[: rng.randint(4, len(answer))])
        elif r < 0.08:
            body = {"android": "<Media omitted>", "android12": "IMG-20230101-WA0001.jpg (file attached)",
                    "ios": LRM + "image omitted"}[dialect]
        else:
            body = rng.choice(short)
        body = body.replace("\n", nl)
        if dialect == "android":
            head = f"{t:%d/%m/%Y, %H:%M} - "
        elif dialect == "android12":
            h = t.hour % 12 or 12
            head = f"{t.month}/{t.day}/{t:%y}, {h}:{t:%M}{NNBSP}{'PM' if t.hour >= 12 else 'AM'} - "
        else:
            head = (LRM if body.startswith(LRM) else "") + f"[{t.month}/{t.day}/{t:%y}, {t:%H:%M:%S}] "
        f.write(f"{head}{author}: {body}{nl}")
