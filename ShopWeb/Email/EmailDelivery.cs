using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Infrastructure.Telemetry;

namespace ShopWeb.Email;

/// <summary>
/// Sends what the outbox holds, on every instance at once: each message is claimed with a conditional update
/// before it is sent, so two senders never send the same one. A failure is tried again later, at growing
/// intervals, until <see cref="EmailOutbox.TryFor"/> has passed; then the message is marked failed for an admin.
/// </summary>
public sealed class EmailDelivery(
    IServiceScopeFactory scopes, EmailSender sender, OutboxSignal signal, TimeProvider clock,
    IOptions<EmailOptions> options, ShopMetrics metrics, AfterFirstResponse firstResponse, ErasedBytes erasedBytes, ILogger<EmailDelivery> logger)
    : BackgroundService
{
    /// <summary>How often the outbox is looked at when no page nudged this instance (messages of other instances, retries).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Longer than one SMTP attempt can take: a sender that died mid-send frees its message after this.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private DateTimeOffset nextForgetting;

    /// <summary>How often the outbox age is read again while a backlog is being sent.</summary>
    private static readonly TimeSpan MeasureEvery = TimeSpan.FromSeconds(15);

    private DateTimeOffset nextMeasure;

    /// <summary>The wait before attempt n+1: 15 s, 30 s, 1 min, … at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(15 * Math.Pow(2, Math.Max(0, attempts - 1)), 3600));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await firstResponse.WaitAsync(stoppingToken); // what was queued before the start waits a moment more
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverNextAsync(stoppingToken))
                {
                    // A long backlog against a mail server that times out may keep this loop going for hours.
                    if (clock.GetUtcNow() >= nextMeasure)
                    {
                        await MeasureAgeAsync(stoppingToken);
                    }
                }

                await MeasureAgeAsync(stoppingToken);

                await ForgetDeliveredBodiesAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store may be briefly busy, hung (a timeout's OperationCanceledException, which escaping would stop
                // the whole shop) or not migrated yet; the next look tries again.
                logger.LogWarning(ex, "The outbox could not be read");
            }

            try
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>Whether a message was due (so there may be more).</returns>
    private async Task<bool> DeliverNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var now = clock.GetUtcNow();
        var due = db.OutboxEmails.Where(e => e.Status == OutboxStatus.Queued && e.NextAttemptAt <= now
            && (e.ClaimedUntil == null || e.ClaimedUntil < now));
        var id = await due.OrderBy(e => e.NextAttemptAt).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            return false;
        }

        var token = Guid.NewGuid();
        var claimed = await due.Where(e => e.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.ClaimedUntil, now + Lease)
            .SetProperty(e => e.ClaimToken, token)
            .SetProperty(e => e.Attempts, e => e.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return true; // another sender took it first
        }

        // One trace per message sent: the claim above is the look every poll makes, the send is the event worth a span.
        using var span = ShopActivities.Source.StartActivity("outbox send");
        span?.SetTag("shop.outbox.id", id);
        var message = await db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id, cancellationToken);
        var mine = db.OutboxEmails.Where(e => e.Id == id && e.ClaimToken == token);
        try
        {
            await sender.SendAsync(new EmailMessage(message.To, message.Subject, message.Text ?? "", message.Html ?? ""), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failedAt = clock.GetUtcNow();
            var giveUp = EmailSender.IsPermanent(ex) || failedAt >= message.GiveUpAt;
            var error = ex is MailKit.Net.Smtp.SmtpCommandException refused
                ? $"The mail server answered {(int)refused.StatusCode}: {refused.Message}"
                : $"{ex.GetType().Name}: {ex.Message}";
            error = error.Length <= 1000 ? error : error[..1000];
            metrics.EmailsFailed.Add(1);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            // The log gets the kind of failure; the server's own words (which can quote the address) stay in LastError for the admin.
            var kind = ex is MailKit.Net.Smtp.SmtpCommandException command ? $"the mail server answered {(int)command.StatusCode}" : ex.GetType().Name;
            logger.LogWarning("Could not send email {Id} '{Subject}' (attempt {Attempt}): {Failure}", id, message.Subject, message.Attempts, kind);
            await mine.ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, giveUp ? OutboxStatus.Failed : OutboxStatus.Queued)
                .SetProperty(e => e.NextAttemptAt, failedAt + Backoff(message.Attempts))
                .SetProperty(e => e.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(e => e.LastError, error), CancellationToken.None);
            return true;
        }

        if (message.AccountId is null && message.OrderNumber is null)
        {
            // About no account and no order: the goodbye of an account just deleted. Kept once sent, its address and
            // time would tie the deletion's anonymous record (made a moment before) back to whose account it was.
            await mine.ExecuteDeleteAsync(CancellationToken.None);
            erasedBytes.Requested();
        }
        else
        {
            await mine.ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, OutboxStatus.Sent)
                .SetProperty(e => e.SentAt, clock.GetUtcNow())
                .SetProperty(e => e.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(e => e.LastError, (string?)null), CancellationToken.None);
        }

        metrics.EmailsSent.Add(1);
        return true;
    }

    /// <summary>The outbox age gauge's oldest message, read here at each look rather than by the gauge's callback (which must not query the store).</summary>
    private async Task MeasureAgeAsync(CancellationToken cancellationToken)
    {
        nextMeasure = clock.GetUtcNow() + MeasureEvery;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        metrics.OldestQueuedEmailAt = await EmailOutbox.OldestQueuedAtAsync(db, cancellationToken);
    }

    /// <summary>Bodies of delivered messages hold tokens (reset links, order links): they go after a few days.</summary>
    private async Task ForgetDeliveredBodiesAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() < nextForgetting)
        {
            return;
        }

        nextForgetting = clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var before = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.KeepDeliveredDays);
        await db.OutboxEmails.Where(e => e.Status == OutboxStatus.Sent && e.SentAt <= before && e.Text != null)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Text, (string?)null).SetProperty(e => e.Html, (string?)null), cancellationToken);
    }
}
