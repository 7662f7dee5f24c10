using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ShopWeb.Data;

/// <summary>
/// The one store: accounts, the shop's data and the data-protection keys that sign cookies and tokens. This type is the
/// SQLite store, with its migrations in Data/Migrations; <see cref="Postgres.PostgresShopDbContext"/> is the same model
/// on PostgreSQL, and every service asks for this type either way.
/// </summary>
public class ShopDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public ShopDbContext(DbContextOptions<ShopDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the context of another provider, whose options are of its own type.</summary>
    protected ShopDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<SavedContact> SavedContacts => Set<SavedContact>();

    public DbSet<SavedAddress> SavedAddresses => Set<SavedAddress>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    public DbSet<AccountDeletion> AccountDeletions => Set<AccountDeletion>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ProductVariant> ProductVariants => Set<ProductVariant>();

    public DbSet<ProductOption> ProductOptions => Set<ProductOption>();

    public DbSet<Cart> Carts => Set<Cart>();

    public DbSet<CartLine> CartLines => Set<CartLine>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<AppKey> AppKeys => Set<AppKey>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<PaymentEvent> PaymentEvents => Set<PaymentEvent>();

    public DbSet<TestPaymentSession> TestPaymentSessions => Set<TestPaymentSession>();

    public DbSet<TestPaymentRefund> TestPaymentRefunds => Set<TestPaymentRefund>();

    public DbSet<InstanceStatus> InstanceStatuses => Set<InstanceStatus>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset text in SQL; as UTC-based integers it can.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict(); // the app sign-ins' applications, authorizations and tokens (Identity/Apps)
        builder.ApplyConfigurationsFromAssembly(typeof(ShopDbContext).Assembly);
    }
}
