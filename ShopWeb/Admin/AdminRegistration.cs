using Microsoft.Extensions.Options;

namespace ShopWeb.Admin;

internal static class AdminRegistration
{
    public const string Policy = "Admin";

    public static WebApplicationBuilder AddShopAdmin(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<AdminOptions>().Configure(o => o.RequireTwoFactor = !development)
            .BindConfiguration(AdminOptions.Section).ValidateOnStart();
        // PostConfigure: AddRazorPages gives the options a new convention collection when it sets them up.
        builder.Services.PostConfigure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(options =>
            options.Conventions.AddFolderApplicationModelConvention("/Admin", page => page.Filters.Add(new AdminTwoFactorFilter())));
        builder.Services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section)
            .Validate(o => o.MaxBytes > 0 && !string.IsNullOrWhiteSpace(o.Path), "Uploads:Path must name a folder and Uploads:MaxBytes be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<UploadOptions>, UploadFolderValidator>();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.RequireRole(AdminBootstrap.Role));

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AdminAudit>();
        builder.Services.AddSingleton<ProductImages>();

        // The system page's figures: each instance measures itself and writes them to the store (Admin/Instances).
        builder.Services.AddSingleton<Instances.RequestDurations>();
        builder.Services.AddSingleton<Instances.InstanceStatusPublisher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Instances.InstanceStatusPublisher>());
        return builder;
    }
}

/// <summary>
/// The configured admin, checked before the shop touches its store or listens: a password the account rules would
/// refuse (<see cref="Identity.PasswordPolicy"/>) stops the start here with one line, not once the shop is listening.
/// </summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Email) != string.IsNullOrEmpty(options.Password))
        {
            return ValidateOptionsResult.Fail("Admin:Email and Admin:Password must be set together, or neither.");
        }

        if (string.IsNullOrEmpty(options.Password))
        {
            return ValidateOptionsResult.Success;
        }

        List<string> problems = options.Password.Length < Identity.PasswordPolicy.MinimumLength
            ? [$"Use at least {Identity.PasswordPolicy.MinimumLength} characters."]
            : [.. Identity.PasswordPolicy.ErrorsFor(options.Password, options.Email?.Trim()).Select(e => e.Description)];
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Admin:Password is refused by the shop's password rules: {string.Join(" ", problems)}");
    }
}
