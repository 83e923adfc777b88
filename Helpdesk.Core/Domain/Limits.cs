namespace Helpdesk.Core.Domain;

/// <summary>Column lengths shared by the EF configuration and the validators.</summary>
public static class Limits
{
    public const int EmailLength = 254;
    public const int NameLength = 200;
    public const int SubjectLength = 250;
    public const int BodyLength = 100_000;
    public const int TagLength = 50;
    public const int MaxTags = 20;
    public const int AuditValueLength = 500;
    public const int FileNameLength = 255;
    public const int ContentTypeLength = 150;
    public const int NotesLength = 4000;
    public const int DomainsLength = 1000;

    /// <summary>One DNS name (RFC 1035: 253 characters written out).</summary>
    public const int DomainLength = 253;
    public const int PhoneLength = 50;
    public const int SearchLength = 200;
    public const int MessageIdLength = 500;
    public const int CcLength = 2000;
    public const int ReasonLength = 1000;
    public const int SatisfactionCommentLength = 2000;
    public const int PasswordLength = 256;

    /// <summary>A calendar's JSON: room for decades of holidays, not for a denial of service.</summary>
    public const int CalendarJsonLength = 100_000;

    /// <summary>The warning levels field ("75, 90").</summary>
    public const int WarnPercentsLength = 100;
}
