using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShopWeb.Data;

namespace ShopWeb.Admin;

/// <summary>
/// Makes sure the shop has an admin at start: the one configured in Admin:Email/Admin:Password (created or its
/// password updated), or, when none is configured and none exists, one with a random password written to a file
/// only the shop's user can read.
/// </summary>
internal static class AdminBootstrap
{
    public const string Role = "Admin";
    public const string GeneratedEmail = "admin@localhost";

    public static async Task EnsureAdminAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminBootstrap));

        // Every step in one transaction, taking turns with other instances starting on the same store: each finds what
        // the one before it made (the role, the admin), so there is one of each and no start fails on a duplicate.
        await using var transaction = await StoreLocks.BeginAsync(provider.GetRequiredService<ShopDbContext>(), "bootstrap:admin");
        if (!await roles.RoleExistsAsync(Role))
        {
            await roles.CreateAsync(new IdentityRole(Role));
        }

        var options = provider.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.Email) && !string.IsNullOrEmpty(options.Password))
        {
            await EnsureAsync(users, options.Email.Trim(), options.Password, resetPassword: true);
            await transaction.CommitAsync();
            return;
        }

        if ((await users.GetUsersInRoleAsync(Role)).Count > 0)
        {
            await transaction.CommitAsync();
            return;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        await EnsureAsync(users, GeneratedEmail, password, resetPassword: true);
        var environment = provider.GetRequiredService<IHostEnvironment>();
        var file = Path.Combine(environment.ContentRootPath, "App_Data", "initial-admin-password.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await WriteOwnerOnlyAsync(file, $"{GeneratedEmail}\n{password}\n");

        await transaction.CommitAsync();
        logger.LogWarning("Created the admin account {Email}; its password is in {File}. Change it after signing in.", GeneratedEmail, file);
    }

    /// <summary>
    /// Created readable by the shop's user alone from its first byte: a chmod after writing would leave a moment in
    /// which another user could open it (and keep it open). A file left from an earlier start is replaced.
    /// </summary>
    private static async Task WriteOwnerOnlyAsync(string file, string text)
    {
        File.Delete(file);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var writer = new StreamWriter(file, new System.Text.UTF8Encoding(false), options);
        await writer.WriteAsync(text);
    }

    private static async Task EnsureAsync(UserManager<ApplicationUser> users, string email, string password, bool resetPassword)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            Check(await users.CreateAsync(user, password), email);
        }
        else if (resetPassword && !await users.CheckPasswordAsync(user, password))
        {
            Check(await users.RemovePasswordAsync(user), email);
            Check(await users.AddPasswordAsync(user, password), email);
        }

        if (!await users.IsInRoleAsync(user, Role))
        {
            Check(await users.AddToRoleAsync(user, Role), email);
        }
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Admin:Email/Admin:Password: the admin {email} could not be set up: "
                + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
