using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// Identity's user manager with lockout read from the shop's <see cref="TimeProvider"/>: Identity itself reads the
/// system clock there, which would make "locked for 15 minutes" untestable without sleeping. Failed sign-ins are
/// counted in the store by one statement, so wrong passwords sent at the same moment all count.
/// </summary>
public sealed class ShopUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger,
    TimeProvider clock,
    ShopDbContext db)
    : UserManager<ApplicationUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private IUserLockoutStore<ApplicationUser> LockoutStore => (IUserLockoutStore<ApplicationUser>)Store;

    public override async Task<bool> IsLockedOutAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await LockoutStore.GetLockoutEnabledAsync(user, CancellationToken) && LocksNow(await LockoutStore.GetLockoutEndDateAsync(user, CancellationToken));
    }

    /// <summary>Whether the account is locked as the store has it now, not as it was read earlier in the request.</summary>
    public async Task<bool> IsLockedOutNowAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.LockoutEnabled
            && LocksNow(await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleOrDefaultAsync(CancellationToken));
    }

    private bool LocksNow(DateTimeOffset? end) => end is { } until && until >= clock.GetUtcNow();

    /// <summary>
    /// A key for an account that has none yet, for the authenticator set-up page to show. Identity's
    /// ResetAuthenticatorKeyAsync also renews the security stamp, so merely opening that page would end every session
    /// of the account at its next check; a key not confirmed yet proves nothing, so nothing needs to end.
    /// </summary>
    public async Task<string> FirstAuthenticatorKeyAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = GenerateNewAuthenticatorKey();
        await ((IUserAuthenticatorKeyStore<ApplicationUser>)Store).SetAuthenticatorKeyAsync(user, key, CancellationToken);
        try
        {
            if ((await UpdateAsync(user)).Succeeded)
            {
                return key;
            }
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
        }

        // The page opened twice at once and the other request stored its key first: this one's is forgotten (its row
        // would be read back before the stored one), and both show the stored key.
        foreach (var unsaved in db.ChangeTracker.Entries<IdentityUserToken<string>>().Where(e => e.State != EntityState.Unchanged).ToList())
        {
            unsaved.State = EntityState.Detached;
        }

        await db.Entry(user).ReloadAsync(CancellationToken);
        return await GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The account's authenticator key could not be stored.");
    }

    /// <summary>
    /// One conditional UPDATE adds the failure and, at the limit, starts the lockout and restarts the count. Identity's
    /// own read-add-save loses failures under parallel requests: all but one fail on the concurrency stamp.
    /// </summary>
    public override async Task<IdentityResult> AccessFailedAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var limit = Options.Lockout.MaxFailedAccessAttempts;
        var lockedUntil = clock.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan);
        var stamp = Guid.NewGuid().ToString();
        var updated = await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set
            // The shop's own lock is never shortened to a lockout of some minutes.
            .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= limit && u.LockoutEnd != ShopLock.Until ? lockedUntil : u.LockoutEnd)
            .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1 >= limit ? 0 : u.AccessFailedCount + 1)
            .SetProperty(u => u.ConcurrencyStamp, stamp), CancellationToken);
        if (updated == 0)
        {
            return IdentityResult.Failed(ErrorDescriber.ConcurrencyFailure());
        }

        var stored = await db.Users.AsNoTracking().Where(u => u.Id == user.Id)
            .Select(u => new { u.AccessFailedCount, u.LockoutEnd, u.ConcurrencyStamp })
            .SingleAsync(CancellationToken);

        // The entity in memory takes the stored values as unchanged ones: a later save of it in this request
        // writes them back as they are instead of the count it read before.
        var entry = db.Entry(user);
        Keep(entry.Property(u => u.AccessFailedCount), stored.AccessFailedCount);
        Keep(entry.Property(u => u.LockoutEnd), stored.LockoutEnd);
        Keep(entry.Property(u => u.ConcurrencyStamp), stored.ConcurrencyStamp);
        return IdentityResult.Success;
    }

    /// <summary>
    /// The account's user name is its email address, so the two change together, in one validated update: an address
    /// the user name rules refuse (Identity's allowed characters, as registration applies them) changes neither, and
    /// nothing of the refused change is left on the entity for a later save in the request to write.
    /// </summary>
    public override async Task<IdentityResult> ChangeEmailAsync(ApplicationUser user, string newEmail, string token)
    {
        ArgumentNullException.ThrowIfNull(user);
        await Store.SetUserNameAsync(user, newEmail, CancellationToken);
        var changed = await base.ChangeEmailAsync(user, newEmail, token);
        if (!changed.Succeeded)
        {
            await db.Entry(user).ReloadAsync(CancellationToken);
        }

        return changed;
    }

    /// <summary>Whether <paramref name="email"/> can be an account's user name (it is the account's email address too).</summary>
    public static bool FitsUserName(UserOptions rules, string email) =>
        rules.AllowedUserNameCharacters is not { Length: > 0 } allowed || email.All(allowed.Contains);

    private static void Keep<T>(PropertyEntry<ApplicationUser, T> property, T value)
    {
        property.CurrentValue = value;
        if (property.EntityEntry.State != EntityState.Detached)
        {
            property.OriginalValue = value;
            property.IsModified = false;
        }
    }
}
