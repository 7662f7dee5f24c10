using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenIddict.EntityFrameworkCore.Models;

namespace ShopWeb.Data.Configurations;

internal sealed class AppKeyConfiguration : IEntityTypeConfiguration<AppKey>
{
    public void Configure(EntityTypeBuilder<AppKey> builder)
    {
        builder.Property(k => k.Id).HasMaxLength(32);
    }
}

/// <summary>
/// OpenIddict's own tables come from <c>UseOpenIddict()</c>; the shop looks a shopper's app sign-ins up by subject
/// (the device list, "sign out everywhere"), which OpenIddict's indexes, led by the application, do not serve.
/// </summary>
internal sealed class AppAuthorizationConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreAuthorization>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreAuthorization> builder) => builder.HasIndex(a => a.Subject);
}

internal sealed class AppTokenConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreToken>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreToken> builder) => builder.HasIndex(t => t.Subject);
}
