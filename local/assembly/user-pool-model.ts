/** What a Cognito user pool declares about its users: groups, who may sign up, and how passwords must look. */
export interface UserPoolModel {
  logicalId: string;
  id: string;
  clientIds: string[];
  groups: string[];
  /** Schema's attribute names as declared (custom ones without their `custom:` prefix) */
  schemaAttributes: string[];
  /** AdminCreateUserConfig.AllowAdminCreateUserOnly: true refuses public SignUp (CDK selfSignUpEnabled: false) */
  allowAdminCreateUserOnly: boolean;
  /** AutoVerifiedAttributes: sign-up sends a code to these (CDK autoVerify) */
  autoVerifiedAttributes: string[];
  /** Policies.PasswordPolicy; an absent Require* flag is true, as Cognito reads it back from a deployed pool */
  passwordPolicy: {
    minimumLength: number;
    requireLowercase: boolean;
    requireUppercase: boolean;
    requireNumbers: boolean;
    requireSymbols: boolean;
  };
  /** VerificationMessageTemplate's email, `{####}` standing for the code */
  verificationEmail: { subject: string; message: string };
}

/**
 * Cognito's defaults for what a template leaves out: no Policies means 8 characters of all four classes, and a
 * PasswordPolicy that names only MinimumLength (CDK's `passwordPolicy: { minLength }`) still requires every class
 * (go-to-k/cdk-real-drift#1701 probed a live pool; CDK documents the same defaults).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a UserPool's CloudFormation properties are untyped JSON, read field by field
export function userPoolRules(p: Record<string, any>): Omit<UserPoolModel, 'logicalId' | 'id' | 'clientIds' | 'groups'> {
  const policy = p.Policies?.PasswordPolicy;
  const template = p.VerificationMessageTemplate ?? {};
  return {
    schemaAttributes: (p.Schema ?? []).map((attribute: { Name: unknown }) => String(attribute.Name)),
    allowAdminCreateUserOnly: p.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true,
    autoVerifiedAttributes: (p.AutoVerifiedAttributes ?? []).map(String),
    passwordPolicy: {
      minimumLength: Number(policy?.MinimumLength ?? 8),
      requireLowercase: policy?.RequireLowercase !== false,
      requireUppercase: policy?.RequireUppercase !== false,
      requireNumbers: policy?.RequireNumbers !== false,
      requireSymbols: policy?.RequireSymbols !== false,
    },
    verificationEmail: {
      subject: String(template.EmailSubject ?? p.EmailVerificationSubject ?? 'Your verification code'),
      message: String(template.EmailMessage ?? p.EmailVerificationMessage ?? 'Your verification code is {####}. '),
    },
  };
}
