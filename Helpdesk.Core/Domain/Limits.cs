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
    public const int PhoneLength = 50;
    public const int SearchLength = 200;
    public const int MessageIdLength = 500;
    public const int CcLength = 2000;
    public const int ReasonLength = 1000;
    public const int SatisfactionCommentLength = 2000;
}
