"""Registers a shopper on the shop at BASE (which signs in at once with email confirmation off) and writes its
cookies as wapiti's JSON cookie file; with --check, tells whether that file still signs the shopper in.
With --no-lockout STORE, turns Identity's lockout off for that one account in the shop's SQLite store: wapiti types
wrong passwords into the security forms, and five of them would lock the account and sign the scan out midway."""
import http.cookiejar
import json
import sqlite3
import sys
import urllib.parse
import urllib.request
from html.parser import HTMLParser

PASSWORD = "a long wapiti shopper passphrase"


class HiddenInputs(HTMLParser):
    """The hidden inputs of the page's forms: the antiforgery token among them."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.values.setdefault(a["name"], a.get("value") or "")


def signed_in(opener, base):
    """The profile page opens (a visitor is sent to sign in) and offers to sign out."""
    with opener.open(base + "/account/profile") as response:
        return urllib.parse.urlparse(response.url).path == "/account/profile" and "Sign out" in response.read().decode()


def main(base, path, check, store):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if check:
        for domain in json.load(open(path)).values():
            for cookies in domain.values():
                for name, cookie in cookies.items():
                    jar.set_cookie(http.cookiejar.Cookie(0, name, cookie["value"], None, False, "127.0.0.1", False, False,
                                                         "/", True, False, None, True, None, None, {}))
        ok = signed_in(opener, base)
        print(f"[wapiti] the shopper is {'still' if ok else 'no longer'} signed in after the scan")
        sys.exit(0 if ok else 1)

    form = HiddenInputs()
    with opener.open(base + "/account/register") as response:
        form.feed(response.read().decode())
    email = "wapiti.shopper@example.com"
    fields = dict(form.values, **{"Input.Email": email, "Input.Password": PASSWORD, "Input.ConfirmPassword": PASSWORD})
    opener.open(base + "/account/register", urllib.parse.urlencode(fields).encode()).read()
    if not signed_in(opener, base):
        sys.exit("[wapiti] FAIL: registering the shopper did not sign it in")
    if store:
        with sqlite3.connect(store, timeout=30) as db:
            changed = db.execute('UPDATE "AspNetUsers" SET "LockoutEnabled" = 0 WHERE "NormalizedEmail" = ?', (email.upper(),)).rowcount
        if changed != 1:
            sys.exit(f"[wapiti] FAIL: could not turn lockout off for {email} in {store}")
    cookies = {c.name: {"value": c.value, "expires": None, "secure": False, "port": None, "version": 0} for c in jar}
    json.dump({"127.0.0.1": {"/": cookies}}, open(path, "w"), indent=2)
    print(f"[wapiti] signed in as {email} (cookies: {', '.join(sorted(cookies))})")


if __name__ == "__main__":
    args = sys.argv[3:]
    main(sys.argv[1], sys.argv[2], "--check" in args, args[args.index("--no-lockout") + 1] if "--no-lockout" in args else None)
