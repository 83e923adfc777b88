namespace Helpdesk.Core.Ports;

/// <summary>A staff login as the admin pages list it: roles, group, whether it can sign in, and the unsolved tickets assigned to it.</summary>
public sealed record UserRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, string? GroupName, int? GroupId, bool IsActive, bool IsLockedOut, int UnsolvedTickets = 0);
