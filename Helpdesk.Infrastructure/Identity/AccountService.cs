using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Identity;

/// <summary>Staff logins (Identity users) and their helpdesk profiles (agents), kept in step.</summary>
public sealed class AccountService(
    UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, HelpdeskDbContext db, TicketSaver saver, SignInThrottle throttle, TimeProvider time)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>Creates a login with its roles and agent profile in one transaction.</summary>
    public async Task<AccountResult> CreateAsync(NewUserInput input, CancellationToken ct = default)
    {
        var email = new EmailAddress(input.Email);
        if (await users.FindByEmailAsync(email.Value) is not null)
        {
            return AccountResult.Failed(nameof(NewUserInput.Email), $"A login for {email} already exists.");
        }

        await EnsureRolesAsync();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = new IdentityUser { UserName = email.Value, Email = email.Value, EmailConfirmed = true };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            return AccountResult.FromIdentity(created, nameof(NewUserInput.Password));
        }

        var added = await users.AddToRolesAsync(user, input.Roles.Distinct());
        if (!added.Succeeded)
        {
            return AccountResult.FromIdentity(added, nameof(NewUserInput.Roles));
        }

        var agent = new Agent(user.Id, input.DisplayName, email);
        agent.Update(input.DisplayName, input.GroupId is int g ? await db.Groups.FindAsync([g], ct) : null, isActive: true);
        db.Agents.Add(agent);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return AccountResult.Ok(user.Id);
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        var agents = await db.Agents.AsNoTracking().Include(a => a.Group).OrderBy(a => a.DisplayName).ToListAsync(ct);
        var userRows = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var roleRows = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              select new { ur.UserId, r.Name }).ToListAsync(ct);
        var rolesByUser = roleRows.ToLookup(x => x.UserId, x => x.Name!);
        var unsolved = await db.Tickets.Where(t => t.AssigneeId != null && t.Status < TicketStatus.Solved)
            .GroupBy(t => t.AssigneeId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var now = time.GetUtcNow();
        var paused = throttle.PausedEmails();
        return agents.Select(a =>
        {
            var user = userRows.GetValueOrDefault(a.Id);
            return new UserRow(
                a.Id,
                a.Email,
                a.DisplayName,
                rolesByUser[a.Id].Order(StringComparer.Ordinal).ToList(),
                a.Group?.Name,
                a.GroupId,
                a.IsActive,
                (user?.LockoutEnd is DateTimeOffset end && end > now) || paused.Contains(a.Email),
                unsolved.GetValueOrDefault(a.Id));
        }).ToList();
    }

    public async Task<UserRow?> GetAsync(string id, CancellationToken ct = default) =>
        (await ListAsync(ct)).FirstOrDefault(u => u.Id == id);

    /// <summary>
    /// Changes name, group, roles and whether the login may sign in; the last active admin is protected. Deactivating
    /// a login with unsolved tickets needs a decision about them (<see cref="EditUserInput.OpenTickets"/>), carried
    /// out in the same transaction and recorded on each ticket as done by <paramref name="byUserId"/>.
    /// </summary>
    public async Task<AccountResult> UpdateAsync(string id, EditUserInput input, CancellationToken ct = default, string? byUserId = null)
    {
        var user = await users.FindByIdAsync(id);
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (user is null || agent is null)
        {
            throw new NotFoundException("The user");
        }

        var current = await users.GetRolesAsync(user);
        var losesAdmin = current.Contains(Roles.Admin) && (!input.Roles.Contains(Roles.Admin) || !input.IsActive);
        if (losesAdmin && await OtherActiveAdminsAsync(id, ct) == 0)
        {
            return AccountResult.Failed(nameof(EditUserInput.Roles), "This is the last active admin: make someone else an admin first.");
        }

        var open = agent.IsActive && !input.IsActive
            ? await db.TicketsForChange().Where(t => t.AssigneeId == id && t.Status < TicketStatus.Solved).OrderBy(t => t.Number).ToListAsync(ct)
            : [];
        Agent? heir = null;
        if (open.Count > 0)
        {
            switch (input.OpenTickets)
            {
                case null:
                    return AccountResult.Failed(nameof(EditUserInput.OpenTickets),
                        $"{agent.DisplayName} has {open.Count} unsolved ticket{(open.Count == 1 ? string.Empty : "s")}: choose whether they stay assigned, go to someone else or become unassigned.");
                case "Reassign":
                    heir = await db.Agents.FirstOrDefaultAsync(a => a.Id == input.ReassignToId && a.IsActive && a.Id != id, ct);
                    if (heir is null)
                    {
                        return AccountResult.Failed(nameof(EditUserInput.ReassignToId), "Choose an active agent other than this one.");
                    }

                    break;
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(input.Roles));
        var added = await users.AddToRolesAsync(user, input.Roles.Distinct().Except(current));
        if (!removed.Succeeded || !added.Succeeded)
        {
            return AccountResult.FromIdentity(removed.Succeeded ? added : removed, nameof(EditUserInput.Roles));
        }

        // A deactivated login stays locked out for good; its tickets and history stay as they are.
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, input.IsActive ? null : DateTimeOffset.MaxValue);

        // A new stamp signs the login out on its next request (the stamp is checked on every one): deactivated, or a
        // role taken away. A role added waits for the next sign-in or Identity's own re-check.
        if (!input.IsActive || current.Except(input.Roles).Any())
        {
            await users.UpdateSecurityStampAsync(user);
        }

        agent.Update(input.DisplayName, input.GroupId is int g ? await db.Groups.FindAsync([g], ct) : null, input.IsActive);

        // The tickets last: Identity saves as it goes, and a changed ticket is committed only with its clocks following.
        var now = time.GetUtcNow();
        if (input.OpenTickets is "Reassign" or "Unassign" && open.Count > 0)
        {
            var by = byUserId is not null && await db.Agents.FirstOrDefaultAsync(a => a.Id == byUserId, ct) is { } admin ? Actor.ForAgent(admin) : Actor.System;
            foreach (var ticket in open)
            {
                ticket.Assign(heir, by, now);
            }
        }

        await saver.SaveAsync(now, heir is null ? $"unassigned from {agent.DisplayName}" : $"reassigned from {agent.DisplayName} to {heir.DisplayName}", ct);
        await transaction.CommitAsync(ct);
        return AccountResult.Ok(id);
    }

    /// <summary>Lifts a pause or lockout caused by failed sign-ins (not a deactivation).</summary>
    public async Task UnlockAsync(string id)
    {
        var user = await users.FindByIdAsync(id) ?? throw new NotFoundException("The user");
        var agent = await db.Agents.FirstAsync(a => a.Id == id);
        if (agent.IsActive)
        {
            throttle.Release(agent.Email);
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
    }

    public async Task<AccountResult> ResetPasswordAsync(string id, string newPassword)
    {
        var user = await users.FindByIdAsync(id) ?? throw new NotFoundException("The user");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        return result.Succeeded ? AccountResult.Ok(id) : AccountResult.FromIdentity(result, "NewPassword");
    }

    private async Task<int> OtherActiveAdminsAsync(string exceptId, CancellationToken ct)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        var ids = admins.Where(u => u.Id != exceptId).Select(u => u.Id).ToList();
        return await db.Agents.CountAsync(a => ids.Contains(a.Id) && a.IsActive, ct);
    }
}

/// <summary>The outcome of an account change: an id, or errors keyed by the input field they belong to.</summary>
public sealed record AccountResult(string? UserId, IReadOnlyList<KeyValuePair<string, string>> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static AccountResult Ok(string id) => new(id, []);

    public static AccountResult Failed(string field, string message) => new(null, [new(field, message)]);

    public static AccountResult FromIdentity(IdentityResult result, string defaultField) =>
        new(null, result.Errors.Select(e => new KeyValuePair<string, string>(
            e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password" : defaultField, e.Description)).ToList());
}
