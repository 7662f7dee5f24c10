using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Infrastructure.Telemetry;

namespace ShopWeb.Email;

/// <summary>
/// Where every email starts: a row in the outbox, added to the caller's unit of work so that it is saved (or not)
/// together with the change that causes it. <see cref="EmailDelivery"/> sends it afterwards.
/// </summary>
public sealed class EmailOutbox(ShopDbContext db, TimeProvider clock, OutboxSignal signal, ShopMetrics metrics)
{
    /// <summary>How long delivery is tried before the message is marked failed.</summary>
    public static readonly TimeSpan TryFor = TimeSpan.FromDays(1);

    private bool listening;

    /// <summary>
    /// The emails kept about an account: its own (whatever address they went to), every one to its address, and those
    /// about its orders (which carry the order's name and address). What the privacy page counts, the download lists and
    /// deleting the account erases.
    /// </summary>
    public static IQueryable<OutboxEmail> OfAccount(ShopDbContext db, string userId, string? address) =>
        db.OutboxEmails.Where(e => e.AccountId == userId || e.To == address
            || (e.OrderNumber != null && db.Orders.Any(o => o.UserId == userId && o.Number == e.OrderNumber)));

    /// <summary>
    /// When the oldest message still waiting was queued, or null when none waits: the outbox's age, for the metrics'
    /// gauge and the admin's system page alike.
    /// </summary>
    public static Task<DateTimeOffset?> OldestQueuedAtAsync(ShopDbContext db, CancellationToken cancellationToken) =>
        db.OutboxEmails.Where(e => e.Status == OutboxStatus.Queued)
            .OrderBy(e => e.CreatedAt).Select(e => (DateTimeOffset?)e.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Adds the message to the caller's unit of work; it goes out once the caller saves.</summary>
    public void Add(EmailMessage message)
    {
        // A span under the caller's (placing an order, a sign-up): the email's place in the request's trace. Its kind
        // only, never the address or the subject, which can hold a name.
        using var span = ShopActivities.Source.StartActivity("outbox queue");
        var now = clock.GetUtcNow();
        db.OutboxEmails.Add(new OutboxEmail
        {
            To = message.To,
            Subject = message.Subject.Length <= 300 ? message.Subject : message.Subject[..300],
            Text = message.Text,
            Html = message.Html,
            OrderNumber = message.OrderNumber,
            AccountId = message.AccountId,
            Status = OutboxStatus.Queued,
            CreatedAt = now,
            NextAttemptAt = now,
            GiveUpAt = now + TryFor,
        });
        if (!listening)
        {
            // Wakes this instance's sender as soon as the row is saved, instead of at its next look.
            // Counted when saved, not when added: a unit of work that fails or is retried queues nothing more.
            listening = true;
            var adding = 0;
            db.SavingChanges += (_, _) => adding = db.ChangeTracker.Entries<OutboxEmail>().Count(e => e.State == EntityState.Added);
            db.SavedChanges += (_, _) =>
            {
                metrics.EmailsQueued.Add(adding);
                signal.Notify();
            };
        }
    }

    /// <summary>Adds the message and saves it, with whatever else the unit of work holds.</summary>
    public async Task QueueAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        Add(message);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Sends a queued or failed message again now, with another day of attempts, together with whatever the unit of
    /// work holds (the admin's audit entry). One being sent at this moment, or sent already, is left alone.
    /// </summary>
    /// <returns>Whether the message was put back in the queue.</returns>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var retried = await db.OutboxEmails
            .Where(e => e.Id == id && e.Status != OutboxStatus.Sent && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, OutboxStatus.Queued)
                .SetProperty(e => e.NextAttemptAt, now)
                .SetProperty(e => e.GiveUpAt, now + TryFor), cancellationToken);
        if (retried == 0)
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        return true;
    }
}
