using ShopWeb.Data;

namespace ShopWeb.Admin;

/// <summary>The shop's customers: every account but those that run the shop (the Admin role), as the dashboard counts them. The customer list keeps admins: admin rights are granted and removed there.</summary>
internal static class Customers
{
    public static IQueryable<ApplicationUser> In(ShopDbContext db)
    {
        var adminRoles = db.Roles.Where(r => r.Name == AdminBootstrap.Role).Select(r => r.Id);
        return db.Users.Where(u => !db.UserRoles.Any(ur => ur.UserId == u.Id && adminRoles.Contains(ur.RoleId)));
    }
}
