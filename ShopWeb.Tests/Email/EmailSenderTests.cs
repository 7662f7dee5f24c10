using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Email;

public sealed class EmailSenderTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Without_an_smtp_host_each_message_is_a_standard_eml_file_with_text_and_html_parts_linking_to_the_public_url()
    {
        using var factory = new ShopFactory();
        using var browser = factory.CreateBrowser(baseAddress: "http://shop.example:8080/");
        var email = AccountSteps.NewEmail();

        await browser.RegisterAsync(email);

        var message = Assert.Single(factory.Mail.All());
        Assert.Equal("Confirm your email address – ShopWeb", message.Subject);
        Assert.Equal("ShopWeb", Assert.Single(message.From.Mailboxes).Name);
        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        Assert.NotEqual(default, message.Date);
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.Equal("multipart/alternative", message.Body?.ContentType.MimeType);
        Assert.Contains("http://localhost/account/confirm-email?", message.TextBody);
        Assert.StartsWith("http://localhost/account/confirm-email?", Mailbox.Link(message, "Confirm my email").ToString());

        // Each part says how its bytes are encoded (7bit, 8bit for UTF-8 text), as a message sent over SMTP does: with no
        // Content-Transfer-Encoding a reader takes a part for ASCII and garbles "€".
        Assert.All(message.BodyParts.OfType<MimeKit.MimePart>(), part => Assert.NotEqual(MimeKit.ContentEncoding.Default, part.ContentTransferEncoding));

        // Its link confirms the account: the file is the shop's user's alone, as the store is.
        var file = Assert.Single(Directory.GetFiles(factory.MailFolder, "*.eml"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task With_an_smtp_host_messages_go_over_smtp_and_nothing_is_written_to_disk()
    {
        await using var smtp = new SmtpSink();
        using var factory = new ShopFactory(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:UseTls"] = "false",
            ["Email:From"] = "Corner Shop <hello@corner.example>",
        });
        using var browser = factory.CreateBrowser();
        var email = AccountSteps.NewEmail();

        await browser.RegisterAsync(email);

        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("hello@corner.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Contains("/account/confirm-email?", message.TextBody);
        Assert.False(Directory.Exists(factory.MailFolder) && Directory.EnumerateFiles(factory.MailFolder).Any());
    }

    [Fact]
    public async Task An_unreachable_smtp_server_does_not_turn_registration_into_an_error()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = "1",
            ["Email:Smtp:UseTls"] = "false",
        });
        using var browser = factory.CreateBrowser();

        var page = await browser.RegisterAsync(AccountSteps.NewEmail());

        Assert.Equal("Check your email", page.Heading);
    }
}
