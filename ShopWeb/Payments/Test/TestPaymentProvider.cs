using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Payments.Test;

/// <summary>
/// The built-in simulated card provider (<c>Payments:Provider=Test</c>): what a real one keeps on its side lives in its
/// own tables (<see cref="TestPaymentSession"/>, <see cref="TestPaymentRefund"/>), its hosted page is served by the
/// shop at /payments/test/{id}, and its outcomes are events shaped like Stripe's, signed the way Stripe signs, that
/// reach the shop through the same path (<see cref="PaymentSignals"/>).
/// </summary>
public sealed class TestPaymentProvider(ShopDbContext db, PublicLinks links, IOptions<PaymentOptions> options, TimeProvider clock) : IPaymentProvider
{
    public const string ProviderName = "Test";

    public string Name => ProviderName;

    public async Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken)
    {
        var session = new TestPaymentSession
        {
            Id = "tps_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            OrderNumber = request.OrderNumber,
            AmountMinor = request.TotalMinor,
            Currency = request.Currency,
            Description = string.Join("\n", request.Lines.Select(l => $"{l.Quantity} × {l.Name}\t{l.UnitAmountMinor * l.Quantity}")),
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            State = TestPaymentState.Open,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = request.ExpiresAt,
        };
        db.TestPaymentSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return new HostedSession(session.Id, PageUrl(session.Id), session.ExpiresAt);
    }

    /// <summary>The hosted page of a session.</summary>
    public string PageUrl(string sessionId) => new Uri(links.BaseUrl, "payments/test/" + sessionId).ToString();

    public async Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var session = await db.TestPaymentSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, cancellationToken);
        var state = session.State switch
        {
            TestPaymentState.Paid => SessionState.Paid,
            TestPaymentState.Expired => SessionState.Expired,
            _ when session.ExpiresAt <= clock.GetUtcNow() => SessionState.Expired, // a real provider ends it on time
            TestPaymentState.Declined => SessionState.Failed,
            _ => SessionState.Open,
        };
        return new SessionStatus(session.Id, state, session.AmountMinor, session.Currency, session.PaymentId);
    }

    public async Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        await db.TestPaymentSessions.Where(s => s.Id == sessionId && (s.State == TestPaymentState.Open || s.State == TestPaymentState.Declined))
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.State, TestPaymentState.Expired), cancellationToken);

    /// <summary>
    /// The shopper's choice on the hosted page, applied on the provider's side once (a conditional update, as a real
    /// provider would). Returns the event to send, or null when the session was no longer open.
    /// </summary>
    public async Task<string?> DecideAsync(string sessionId, TestPaymentState outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var paymentId = outcome == TestPaymentState.Paid ? "tpi_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) : null;
        var changed = await db.TestPaymentSessions
            .Where(s => s.Id == sessionId && (s.State == TestPaymentState.Open || s.State == TestPaymentState.Declined) && s.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.State, outcome).SetProperty(s => s.PaymentId, paymentId), cancellationToken);
        if (changed == 0)
        {
            return null;
        }

        var session = await db.TestPaymentSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, cancellationToken);
        var type = outcome switch
        {
            TestPaymentState.Paid => "checkout.session.completed",
            TestPaymentState.Declined => "checkout.session.async_payment_failed",
            _ => "checkout.session.expired",
        };
        return EventBody(type, session);
    }

    /// <summary>An event about a session, shaped like Stripe's (id, type, data.object), ready to sign.</summary>
    public static string EventBody(string type, TestPaymentSession session) => new JsonObject
    {
        ["id"] = "evt_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
        ["object"] = "event",
        ["type"] = type,
        ["data"] = new JsonObject
        {
            ["object"] = new JsonObject
            {
                ["id"] = session.Id,
                ["object"] = "checkout.session",
                ["amount_total"] = session.AmountMinor,
                ["currency"] = session.Currency.ToLowerInvariant(),
                ["payment_status"] = session.State == TestPaymentState.Paid ? "paid" : "unpaid",
                ["payment_intent"] = session.PaymentId,
                ["client_reference_id"] = session.OrderNumber,
            },
        },
    }.ToJsonString();

    public string Sign(string body) => TestSignature.Sign(body, options.Value.Test.WebhookSecret, clock.GetUtcNow());

    public PaymentSignal ReadSignal(string body, string? signatureHeader)
    {
        TestSignature.Verify(body, signatureHeader, options.Value.Test.WebhookSecret, clock.GetUtcNow());
        try
        {
            var root = JsonNode.Parse(body)!;
            var id = (string)root["id"]!;
            var type = (string)root["type"]!;
            var session = root["data"]!["object"]!;
            var kind = PaymentSignalKinds.Of(type, (string?)session["payment_status"]);
            return new PaymentSignal(id, type, kind, (string?)session["id"], (long?)session["amount_total"] ?? 0,
                ((string?)session["currency"])?.ToUpperInvariant(), (string?)session["payment_intent"]);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            // ArgumentException: a key given twice in one object ({"id": 1, "id": 2}), which no provider sends.
            throw new PaymentSignatureException("The event is not one the Test provider sends.");
        }
    }

    /// <summary>Called outside any transaction of the caller's, as a remote provider would be.</summary>
    public async Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        // As a real provider: the same idempotency key answers with the refund it already made, made once even when
        // two requests with it arrive at once (the key is unique, and written in the same transaction as the money).
        var refund = new TestPaymentRefund
        {
            Id = "tre_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            SessionId = request.SessionId,
            IdempotencyKey = request.IdempotencyKey,
            AmountMinor = request.AmountMinor,
            CreatedAt = clock.GetUtcNow(),
        };
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.TestPaymentRefunds.Add(refund);
            await db.SaveChangesAsync(cancellationToken);
            var taken = await db.TestPaymentSessions
                .Where(s => s.Id == request.SessionId && s.State == TestPaymentState.Paid && s.AmountMinor - s.RefundedMinor >= request.AmountMinor)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.RefundedMinor, s => s.RefundedMinor + request.AmountMinor), cancellationToken);
            if (taken == 0)
            {
                return new ProviderRefund("", Succeeded: false); // disposed uncommitted: rolled back
            }

            await transaction.CommitAsync(cancellationToken);
            return new ProviderRefund(refund.Id, Succeeded: true);
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            var made = await db.TestPaymentRefunds.AsNoTracking().SingleAsync(r => r.IdempotencyKey == request.IdempotencyKey, cancellationToken);
            return new ProviderRefund(made.Id, Succeeded: true);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
