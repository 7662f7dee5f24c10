using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ShopWeb.Tests.Payments.Stripe;

/// <summary>
/// Webhook events as Stripe sends them (the Event object of its API reference, data.object the Checkout Session or
/// the Charge), signed with the documented Stripe-Signature scheme, written here from the documentation and not with
/// Stripe.net's helpers: <c>t=UNIX_SECONDS,v1=hex(HMAC-SHA256(secret, "t.body"))</c>.
/// </summary>
public static class StripeEvents
{
    public const string Secret = "whsec_stub_test_secret_0123456789";

    public static string Sign(string body, DateTimeOffset at, string secret = Secret)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        return $"t={t},v1={v1}";
    }

    public static string SessionEvent(string type, string sessionId, long amountTotal, string currency, string paymentStatus = "paid",
        string? paymentIntent = "pi_stub_1", string? eventId = null) => Event(type, eventId, new JsonObject
    {
        ["id"] = sessionId,
        ["object"] = "checkout.session",
        ["amount_subtotal"] = amountTotal,
        ["amount_total"] = amountTotal,
        ["client_reference_id"] = "SW-STUB",
        ["currency"] = currency,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["mode"] = "payment",
        ["payment_intent"] = paymentIntent,
        ["payment_status"] = paymentStatus,
        ["status"] = type == "checkout.session.expired" ? "expired" : "complete",
        ["url"] = null,
    });

    public static string ChargeRefunded(string paymentIntent, long amount, long refunded, string currency) => Event("charge.refunded", null, new JsonObject
    {
        ["id"] = "ch_stub_" + Guid.NewGuid().ToString("N")[..12],
        ["object"] = "charge",
        ["amount"] = amount,
        ["amount_captured"] = amount,
        ["amount_refunded"] = refunded,
        ["captured"] = true,
        ["currency"] = currency,
        ["livemode"] = false,
        ["paid"] = true,
        ["payment_intent"] = paymentIntent,
        ["refunded"] = refunded == amount,
        ["status"] = "succeeded",
    });

    public static string Event(string type, string? eventId, JsonObject dataObject) => new JsonObject
    {
        ["id"] = eventId ?? "evt_stub_" + Guid.NewGuid().ToString("N")[..20],
        ["object"] = "event",
        ["api_version"] = "2024-06-20",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["data"] = new JsonObject { ["object"] = dataObject },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
    }.ToJsonString();
}
