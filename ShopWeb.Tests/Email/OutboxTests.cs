using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ShopWeb.Tests.Email;

/// <summary>
/// Emails go through the outbox: pages never wait on the mail server, an outage delays mail instead of losing it,
/// and what gives up is shown to admins with "Retry".
/// </summary>
public sealed class OutboxTests(ITestOutputHelper output)
{
    private static Dictionary<string, string?> Smtp(int port, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:UseTls"] = "false",
            ["RateLimits:AccountFormPostsPerMinute"] = "1000",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task With_smtp_down_registering_works_and_once_it_is_back_the_confirmation_arrives_exactly_once()
    {
        var port = AppProcess.FreePort();
        using var factory = new ShopFactory(Smtp(port));
        using var browser = factory.CreateBrowser();
        var email = AccountSteps.NewEmail();

        var page = await browser.RegisterAsync(email);

        Assert.Equal("Check your email", page.Heading);
        var first = await WaitForAsync(factory, email, e => e.Attempts >= 1 && e.ClaimedUntil == null);
        Assert.Equal(OutboxStatus.Queued, first.Status);
        Assert.NotNull(first.LastError);
        Assert.True(first.NextAttemptAt - first.CreatedAt <= TimeSpan.FromSeconds(30), "the first retry comes within 30 s");

        await using var smtp = new SmtpSink(port);
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var sent = await WaitForAsync(factory, email, e => e.Status == OutboxStatus.Sent);

        Assert.Equal(2, sent.Attempts);
        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("Confirm your email address – ShopWeb", message.Subject);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(TimeSpan.FromSeconds(3)); // past the sender's next look
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_slow_mail_server_does_not_slow_forgot_password_and_known_and_unknown_addresses_take_the_same_time()
    {
        await using var smtp = new SmtpSink(delay: TimeSpan.FromSeconds(1.5));
        using var factory = new ShopFactory(Smtp(smtp.Port));
        using var browser = factory.CreateBrowser();
        var known = await factory.CreateAccountAsync();
        var form = await browser.GetAsync("/account/forgot-password");
        await TimeForgotAsync(browser, form, AccountSteps.NewEmail("warm-up"));

        var forKnown = new List<double>();
        var forUnknown = new List<double>();
        for (var round = 0; round < 7; round++)
        {
            forKnown.Add(await TimeForgotAsync(browser, form, known));
            forUnknown.Add(await TimeForgotAsync(browser, form, AccountSteps.NewEmail("nobody")));
        }

        var (knownMedian, unknownMedian) = (Median(forKnown), Median(forUnknown));
        output.WriteLine($"forgot password with a 1.5 s SMTP server: known {knownMedian:F1} ms, unknown {unknownMedian:F1} ms (medians of 7)");
        Assert.True(knownMedian < 500, $"known address: median {knownMedian:F1} ms");
        Assert.True(unknownMedian < 500, $"unknown address: median {unknownMedian:F1} ms");
        Assert.True(Math.Abs(knownMedian - unknownMedian) < 100, $"medians {knownMedian:F1} ms and {unknownMedian:F1} ms");
        Assert.NotEmpty(await smtp.WaitForAsync(1)); // the slow server still gets the mail, later
    }

    [Fact]
    public async Task A_message_refused_for_good_shows_as_failed_for_admins_and_retry_sends_it()
    {
        await using var smtp = new SmtpSink { Refuses = command => command.Contains("refused-", StringComparison.Ordinal) };
        using var factory = new ShopFactory(Smtp(smtp.Port));
        using var browser = factory.CreateBrowser();
        var email = AccountSteps.NewEmail("refused");
        await browser.RegisterAsync(email);
        var failed = await WaitForAsync(factory, email, e => e.Status == OutboxStatus.Failed);
        Assert.Contains("550", failed.LastError);

        using var admin = await factory.SignedInAdminAsync();
        var list = await admin.GetAsync("/admin/emails?status=failed");
        var row = list.Document.QuerySelectorAll("#emails tbody tr").Single(r => r.TextContent.Contains(email, StringComparison.Ordinal));
        Assert.Contains("Confirm your email address", row.TextContent);
        Assert.DoesNotContain((await admin.GetAsync("/admin/emails")).Document.QuerySelectorAll("#emails tbody tr"),
            r => r.TextContent.Contains(email, StringComparison.Ordinal));

        smtp.Refuses = _ => false;
        var after = await admin.SubmitAsync(list, $"#emails tbody tr:nth-child({IndexOf(list, email)}) form", button: "Retry");

        Assert.Contains($"The email to {email} will be sent again now.", after.Find("[role=status]")?.TextContent);
        await WaitForAsync(factory, email, e => e.Status == OutboxStatus.Sent);
        Assert.Single(await smtp.WaitForAsync(1), m => m.To.Mailboxes.Single().Address == email);
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "email.retry" && a.EntityId == failed.Id.ToString())));
    }

    [Fact]
    public async Task After_a_day_of_failures_a_message_is_marked_failed()
    {
        using var factory = new ShopFactory(Smtp(AppProcess.FreePort()));
        using var browser = factory.CreateBrowser();
        var email = AccountSteps.NewEmail();
        await browser.RegisterAsync(email);
        await WaitForAsync(factory, email, e => e.Attempts >= 1 && e.ClaimedUntil == null);

        factory.Clock.Advance(TimeSpan.FromHours(12));
        var halfway = await WaitForAsync(factory, email, e => e.Attempts >= 2 && e.ClaimedUntil == null);
        Assert.Equal(OutboxStatus.Queued, halfway.Status);

        factory.Clock.Advance(TimeSpan.FromHours(13));
        var given = await WaitForAsync(factory, email, e => e.Status == OutboxStatus.Failed);
        Assert.Equal(3, given.Attempts);
    }

    [Fact]
    public async Task The_body_of_a_delivered_message_is_deleted_after_the_configured_days()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["Email:KeepDeliveredDays"] = "3" });
        using var browser = factory.CreateBrowser();
        var email = AccountSteps.NewEmail();
        await browser.RegisterAsync(email);
        var sent = await WaitForAsync(factory, email, e => e.Status == OutboxStatus.Sent);
        Assert.Contains("/account/confirm-email?", sent.Text);

        factory.Clock.Advance(TimeSpan.FromDays(2));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.NotNull((await OutboxRowAsync(factory, email))!.Text);

        factory.Clock.Advance(TimeSpan.FromDays(1.1));
        var forgotten = await WaitForAsync(factory, email, e => e.Text == null);
        Assert.Null(forgotten.Html);
        Assert.Equal(OutboxStatus.Sent, forgotten.Status);
    }

    [Fact]
    public async Task Two_instances_on_one_store_send_each_message_once()
    {
        await using var smtp = new SmtpSink();
        using var first = new ShopFactory(Smtp(smtp.Port));
        using var second = new ShopFactory(Smtp(smtp.Port), folder: first.Folder);
        _ = second.Services; // starts the second instance and its sender
        var emails = new List<string>();
        using var browser = first.CreateBrowser();
        for (var i = 0; i < 12; i++)
        {
            var email = AccountSteps.NewEmail($"twice{i}");
            emails.Add(email);
            await browser.RegisterAsync(email);
        }

        var messages = await smtp.WaitForAsync(emails.Count);
        await Task.Delay(TimeSpan.FromSeconds(3)); // time for a duplicate to show up
        Assert.Equal(emails.Order(), smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
    }

    private static int IndexOf(HtmlPage list, string email) =>
        list.Document.QuerySelectorAll("#emails tbody tr").ToList().FindIndex(r => r.TextContent.Contains(email, StringComparison.Ordinal)) + 1;

    private static async Task<double> TimeForgotAsync(ShopBrowser browser, HtmlPage form, string email)
    {
        var clock = Stopwatch.StartNew();
        var page = await browser.SubmitAsync(form, "#forgot-password", new Dictionary<string, string> { ["Input.Email"] = email }, button: "Send reset link");
        clock.Stop();
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static Task<OutboxEmail?> OutboxRowAsync(ShopFactory factory, string to) =>
        factory.WithDbAsync(db => db.OutboxEmails.AsNoTracking().OrderByDescending(e => e.Id).FirstOrDefaultAsync(e => e.To == to));

    /// <summary>Waits (at most 15 s) for the newest message to <paramref name="to"/> to reach the state asked for.</summary>
    private static async Task<OutboxEmail> WaitForAsync(ShopFactory factory, string to, Func<OutboxEmail, bool> state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var row = await OutboxRowAsync(factory, to);
            if (row is not null && state(row))
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The email to {to} did not reach the expected state: {row?.Status}, {row?.Attempts} attempts, {row?.LastError}");
            await Task.Delay(50);
        }
    }
}
