using System.ComponentModel.DataAnnotations;
using ShopWeb.Email;

namespace ShopWeb.Pages.Account;

/// <summary>The form of the pages that ask only for an address: forgot password, resend confirmation.</summary>
public sealed class EmailOnlyInput
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.com.")]
    [DeliverableEmail]
    [StringLength(256, ErrorMessage = "Use an email address of at most 256 characters.")]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";
}
