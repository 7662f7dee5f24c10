#!/usr/bin/env python3
"""Guests checking out as fast as they can, for the farm round of bench/run.sh.

Each guest, in its own cookie jar, takes the shopper's path: the product page, Add to cart (the product page's form),
the checkout page, and Place order with its antiforgery token and idempotency key; a checkout counts when the
confirmation page says "Thank you". CONCURRENCY guests at a time, each starting the next when it is done, for
SECONDS. With METHOD Card, Place order leads to the Test provider's hosted page, where the guest presses "Pay"; the
checkout counts when the shop, back from it, says the payment was received. Prints one line:
  BENCH checkouts=N rps=R p50_ms=A p99_ms=B errors=E
where rps is checkouts per second and the latencies are per whole checkout (four requests and their redirects; five
by card).

Usage: bench/checkout.py BASE_URL PRODUCT_SLUG CONCURRENCY SECONDS [METHOD]   (METHOD: PayOnDelivery, the default, or Card)
"""
import html as htmllib
import http.cookiejar
import re
import sys
import threading
import time
import urllib.parse
import urllib.request

base, slug, concurrency, seconds = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
method = sys.argv[5] if len(sys.argv) > 5 else "PayOnDelivery"
pay_action = re.compile(r'formaction="([^"]*handler=Pay[^"]*)"')
hidden = re.compile(r'<input[^>]*type="hidden"[^>]*>')
attr = re.compile(r'(name|value)="([^"]*)"')
GUEST = {
    "Input.Email": "bench-guest@example.com", "Input.FullName": "Ada Guest", "Input.Phone": "+44 20 7946 0000",
    "Input.Address.Name": "Ada Guest", "Input.Address.Line1": "1 Analytical Row", "Input.Address.City": "London",
    "Input.Address.PostalCode": "N1 9GU", "Input.Address.Country": "GB", "Input.Shipping": "Standard",
    "Input.Payment": method,
}


def hidden_fields(html, form_id):
    """The hidden inputs of the form with that id (the antiforgery token, the idempotency key, the product id)."""
    start = html.index(f'id="{form_id}"')
    form = html[start:html.index("</form>", start)]
    return {a["name"]: a.get("value", "") for a in (dict(attr.findall(tag)) for tag in hidden.findall(form)) if "name" in a}


def checkout():
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    get = lambda path: opener.open(base + path, timeout=30).read().decode()
    post = lambda path, fields: opener.open(urllib.request.Request(
        path if path.startswith("http") else base + path, urllib.parse.urlencode(fields).encode(), headers={"Origin": base}), timeout=30).read().decode()
    product = get(f"/products/{slug}")
    post("/cart/add", {**hidden_fields(product, "add-to-cart"), "quantity": "1"})
    page = get("/checkout")
    done = post("/checkout", {**hidden_fields(page, "checkout"), **GUEST})
    if method != "Card":
        return "Thank you" in done
    # The hosted page (the redirect followed): "Pay", then back to the shop, which asks the provider and shows the order.
    action = htmllib.unescape(pay_action.search(done).group(1))
    paid = post(action, hidden_fields(done, "test-payment"))
    return "your payment was received" in paid


latencies, errors, lock = [], [0], threading.Lock()
deadline = time.monotonic() + seconds


def guest():
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            ok = checkout()
        except Exception:  # an HTTP error status, a refused connection or a page without its form
            ok = False
        with lock:
            if ok:
                latencies.append((time.monotonic() - started) * 1000)
            else:
                errors[0] += 1


began = time.monotonic()
threads = [threading.Thread(target=guest) for _ in range(concurrency)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - began
latencies.sort()
pick = lambda q: f"{latencies[min(len(latencies) - 1, int(q * len(latencies)))]:.1f}" if latencies else "nan"
print(f"BENCH checkouts={len(latencies)} rps={len(latencies) / elapsed:.1f} p50_ms={pick(0.5)} p99_ms={pick(0.99)} errors={errors[0]}")
