using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Identity;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Login;

/// <summary>
/// What the time of an answer could tell about whether an address has an account. Counted in password hashes (the
/// one costly step, about 100 ms each) rather than timed, where the work differs; timed only as a lower bound.
/// </summary>
public sealed class EnumerationByTimeTests
{
    [Fact]
    public async Task A_locked_account_and_a_locked_unknown_address_each_spend_one_hash_a_sign_in()
    {
        var hasher = new CountingHasher();
        using var factory = new ShopFactory(
            new Dictionary<string, string?> { ["RateLimits:AccountFormPostsPerMinute"] = "100" }, // 11 sign-ins from one address
            services: s => s.AddSingleton<IPasswordHasher<ApplicationUser>>(hasher));
        var known = await factory.CreateAccountAsync();
        var unknown = AccountSteps.NewEmail("nobody");
        using var browser = factory.CreateBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync(known, "wrong password");
            await browser.SignInAsync(unknown, "wrong password");
        }

        foreach (var address in new[] { known, unknown })
        {
            var before = hasher.Verified;
            var answer = await browser.SignInAsync(address, "wrong password");

            Assert.Equal("Account locked", answer.Heading);
            Assert.Equal(1, hasher.Verified - before);
        }
    }

    [Theory]
    [InlineData("/account/forgot-password", "#forgot-password")]
    [InlineData("/account/resend-confirmation", "#resend-confirmation")]
    public async Task The_email_link_pages_answer_no_sooner_for_an_unknown_address_than_the_steady_floor(string path, string formSelector)
    {
        using var factory = new ShopFactory(settings: null);
        var confirmed = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        var unconfirmed = AccountSteps.NewEmail("unconfirmed");
        await browser.RegisterAsync(unconfirmed);
        var form = await browser.GetAsync(path);
        var forgot = path.Contains("forgot", StringComparison.Ordinal);
        var known = forgot ? confirmed : unconfirmed;

        foreach (var address in new[] { known, AccountSteps.NewEmail("nobody") })
        {
            var started = Stopwatch.GetTimestamp();
            await browser.SubmitAsync(form, formSelector, new Dictionary<string, string> { ["Input.Email"] = address });

            Assert.True(Stopwatch.GetElapsedTime(started) >= SteadyAnswerTime.Floor, address);
        }

        Assert.Equal(forgot ? 1 : 2, factory.Mail.To(known).Count); // the known address got its link (after the registration's)
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> inner = new();
        private int verified;

        public int Verified => Volatile.Read(ref verified);

        public string HashPassword(ApplicationUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verified);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
