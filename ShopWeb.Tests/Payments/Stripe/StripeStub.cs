using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using ShopWeb.Tests.Infrastructure;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace ShopWeb.Tests.Payments.Stripe;

/// <summary>
/// Stripe's API for the calls the Stripe adapter makes, in process on 127.0.0.1 (this machine cannot reach Stripe):
/// WireMock.Net answering with the shapes of Stripe's API reference (the Checkout Session and Refund objects, the
/// error object), and keeping every request, so tests check what the shop sent, not only what came back.
/// </summary>
public sealed class StripeStub : IDisposable
{
    private readonly WireMockServer server = WireMockServer.Start(new WireMockServerSettings
    {
        Urls = [$"http://127.0.0.1:{LoopbackPort.Free()}"],
    });

    private int sessions;

    public StripeStub()
    {
        // POST /v1/checkout/sessions: a new open session, built from the form the way Stripe echoes it.
        server.Given(Request.Create().WithPath("/v1/checkout/sessions").UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var form = Form(request.Body);
                var id = $"cs_test_{Interlocked.Increment(ref sessions):D4}{Guid.NewGuid():N}";
                var lines = form.Keys.Where(k => k.EndsWith("[quantity]", StringComparison.Ordinal)).Select(k => k[..^"[quantity]".Length]).ToList();
                var total = lines.Sum(l => long.Parse(form[l + "[price_data][unit_amount]"]) * long.Parse(form[l + "[quantity]"]));
                return Json(200, Session(id, "open", "unpaid", total, form["line_items[0][price_data][currency]"], paymentIntent: null,
                    expiresAt: long.Parse(form["expires_at"]), form));
            }));
        Refunds();
    }

    public string Url => server.Url!;

    /// <summary>The hosted page Stripe returns for a session (checkout.stripe.com, never opened by the tests).</summary>
    public static string HostedPage(string sessionId) => "https://checkout.stripe.com/c/pay/" + sessionId;

    /// <summary>GET /v1/checkout/sessions/{id} answers the session in this state.</summary>
    public void HasSession(string id, string status, string paymentStatus, long amountTotal, string currency, string? paymentIntent) =>
        server.Given(Request.Create().WithPath("/v1/checkout/sessions/" + id).UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Json(200, Session(id, status, paymentStatus, amountTotal, currency, paymentIntent,
                DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds(), new Dictionary<string, string>()))));

    /// <summary>POST /v1/checkout/sessions/{id}/expire: the expired session when it was open, else Stripe's 400.</summary>
    public void ExpiresSession(string id, bool open) =>
        server.Given(Request.Create().WithPath($"/v1/checkout/sessions/{id}/expire").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => open
                ? Json(200, Session(id, "expired", "unpaid", 0, "eur", null, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), new Dictionary<string, string>()))
                : Json(400, new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["message"] = "Only Checkout Sessions with a status in [\"open\"] can be expired.",
                        ["request_log_url"] = "https://dashboard.stripe.com/test/logs/req_stub",
                        ["type"] = "invalid_request_error",
                    },
                })));

    // POST /v1/refunds: one refund per Idempotency-Key, as Stripe keeps it (the same key answers the same refund).
    private void Refunds()
    {
        var made = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        server.Given(Request.Create().WithPath("/v1/refunds").UsingPost())
            .AtPriority(10) // after a refusal for one payment intent (RefusesRefunds), whose priority is 1
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var form = Form(request.Body);
                var key = request.Headers?.TryGetValue("Idempotency-Key", out var keys) == true ? keys.ToString() : Guid.NewGuid().ToString();
                var id = made.GetOrAdd(key, _ => "re_" + Guid.NewGuid().ToString("N")[..24]);
                return Json(200, new JsonObject
                {
                    ["id"] = id,
                    ["object"] = "refund",
                    ["amount"] = long.Parse(form["amount"]),
                    ["balance_transaction"] = "txn_stub",
                    ["charge"] = "ch_stub",
                    ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["currency"] = "eur",
                    ["metadata"] = new JsonObject(),
                    ["payment_intent"] = form["payment_intent"],
                    ["reason"] = null,
                    ["receipt_number"] = null,
                    ["source_transfer_reversal"] = null,
                    ["status"] = "succeeded",
                    ["transfer_reversal"] = null,
                });
            }));
    }

    /// <summary>POST /v1/refunds for this payment intent: Stripe's 400 (more than is left to refund).</summary>
    public void RefusesRefunds(string paymentIntent) =>
        server.Given(Request.Create().WithPath("/v1/refunds").UsingPost().WithBody(new WireMock.Matchers.WildcardMatcher($"*payment_intent={paymentIntent}*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithCallback(_ => Json(400, new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = "amount_too_large",
                    ["message"] = "Refund amount is greater than unrefunded amount on charge",
                    ["param"] = "amount",
                    ["type"] = "invalid_request_error",
                },
            })));

    /// <summary>Every request the stub received at this method and path, oldest first.</summary>
    public IReadOnlyList<StubRequest> Received(string method, string path) =>
        [.. server.LogEntries.Select(e => e.RequestMessage)
            .Where(r => r.Method == method && r.Path == path)
            .OrderBy(r => r.DateTime)
            .Select(r => new StubRequest(Form(r.Body), r.Headers?.ToDictionary(h => h.Key, h => h.Value.ToString() ?? "", StringComparer.OrdinalIgnoreCase) ?? []))];

    public void Dispose() => server.Stop();

    private static Dictionary<string, string> Form(string? body) =>
        QueryHelpers.ParseQuery(body ?? "").ToDictionary(p => p.Key, p => p.Value.ToString());

    // The Checkout Session object of Stripe's API reference, with the fields the adapter sends or reads.
    private static JsonObject Session(string id, string status, string paymentStatus, long amountTotal, string currency, string? paymentIntent,
        long expiresAt, Dictionary<string, string> form) => new()
    {
        ["id"] = id,
        ["object"] = "checkout.session",
        ["amount_subtotal"] = amountTotal,
        ["amount_total"] = amountTotal,
        ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
        ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["currency"] = currency,
        ["customer"] = null,
        ["customer_email"] = form.GetValueOrDefault("customer_email"),
        ["expires_at"] = expiresAt,
        ["livemode"] = false,
        ["metadata"] = form.TryGetValue("metadata[order_number]", out var number) ? new JsonObject { ["order_number"] = number } : new JsonObject(),
        ["mode"] = "payment",
        ["payment_intent"] = paymentIntent,
        ["payment_method_types"] = new JsonArray("card"),
        ["payment_status"] = paymentStatus,
        ["status"] = status,
        ["success_url"] = form.GetValueOrDefault("success_url"),
        ["url"] = status == "open" ? HostedPage(id) : null,
    };

    private static ResponseMessage Json(int status, JsonObject body)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String },
        };
        response.AddHeader("Content-Type", "application/json");
        response.AddHeader("Request-Id", "req_stub");
        return response;
    }
}

/// <param name="Form">The form-encoded body, by Stripe's bracketed keys (line_items[0][price_data][unit_amount]).</param>
public sealed record StubRequest(IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>A session's line_items[i], in order.</summary>
    public IReadOnlyList<(string Name, string Currency, long UnitAmount, long Quantity)> LineItems =>
        [.. Enumerable.Range(0, 100).TakeWhile(i => Form.ContainsKey($"line_items[{i}][quantity]")).Select(i => (
            Form[$"line_items[{i}][price_data][product_data][name]"],
            Form[$"line_items[{i}][price_data][currency]"],
            long.Parse(Form[$"line_items[{i}][price_data][unit_amount]"], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(Form[$"line_items[{i}][quantity]"], System.Globalization.CultureInfo.InvariantCulture)))];
}
