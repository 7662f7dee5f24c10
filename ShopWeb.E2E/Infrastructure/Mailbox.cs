using System.Data.Common;
using System.Globalization;
using MimeKit;
using ShopWeb.E2E.Infrastructure.Telemetry;

namespace ShopWeb.E2E.Infrastructure;

/// <summary>
/// The shop's email pickup folder, read the way a shopper reads their inbox: the newest message to an address, once
/// the shop's outbox (in its store, SQLite or PostgreSQL) has sent what it holds.
/// </summary>
public sealed class Mailbox(string folder, Func<DbConnection> store)
{
    // Quoted names: the same statement for SQLite and for PostgreSQL, where EF keeps the names' case.
    private const string Pending =
        """SELECT COUNT(*) FROM "OutboxEmails" WHERE "Status" = 0 AND ("Attempts" = 0 OR "ClaimedUntil" IS NOT NULL)""";

    public string SubjectOfLatestEmail(string to) => LatestEmailTo(to).Subject ?? "";

    /// <summary>The plain text of the newest email to <paramref name="to"/>.</summary>
    public string TextOfLatestEmail(string to) => LatestEmailTo(to).TextBody ?? "";

    /// <summary>The link labelled <paramref name="linkText"/> in the newest email to <paramref name="to"/>; its tokens are personal data.</summary>
    public string LinkInLatestEmail(string to, string linkText)
    {
        var line = (LatestEmailTo(to).TextBody ?? "").Split('\n').Single(l => l.StartsWith(linkText + ": ", StringComparison.Ordinal));
        return TypedPersonalData.Link(line[(linkText.Length + 2)..].Trim());
    }

    /// <summary>How many messages went to <paramref name="to"/>, once the outbox is empty.</summary>
    public int CountOfEmailsTo(string to) => EmailsTo(to).Count();

    /// <summary>The newest message to <paramref name="to"/>, once the outbox is empty (at most 10 s).</summary>
    private MimeMessage LatestEmailTo(string to) => EmailsTo(to).Last();

    private IEnumerable<MimeMessage> EmailsTo(string to)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        using (var connection = store())
        {
            connection.Open();
            using var pending = connection.CreateCommand();
            pending.CommandText = Pending;
            while (Convert.ToInt64(pending.ExecuteScalar(), CultureInfo.InvariantCulture) > 0 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }

        return Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal)
            .Select(file => MimeMessage.Load(file))
            .Where(m => m.To.Mailboxes.Any(box => box.Address == to)).ToList();
    }
}
