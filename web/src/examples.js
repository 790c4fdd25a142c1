// The Examples menu: each example is a whole playground, the policies AND
// the request that makes the example's point, so loading one never leaves
// a request that belongs to something else. The lessons come first; the
// gallery's example policies (learn/lessons.json, read from testdata/ at
// build time) follow, each with a request it is about. Policy texts come
// from the gallery by name, so the files in testdata/ stay the one source.

const acct = '111122223333';
const alice = `arn:aws:iam::${acct}:user/alice`;
const org = `arn:aws:workmail:eu-west-1:${acct}:organization/m-n1pq2345678r901st2u3vx45x6789yza`;
const region = (r) => ({ key: 'aws:RequestedRegion', values: [r] });

const request = (action, { principal = alice, resource = '', resourceAccount = '', context = [] } = {}) => ({
  principal,
  action,
  resource,
  resourceAccount,
  context,
});

// A boundary of read-only WorkMail: what it leaves of an identity policy
// that allows everything in WorkMail.
const workmailAll = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'AllOfWorkMail', Effect: 'Allow', Action: 'workmail:*', Resource: '*' }] },
  null,
  4,
);
const readOnlyBoundary = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadOnlyWorkMail', Effect: 'Allow', Action: ['workmail:Describe*', 'workmail:Get*', 'workmail:List*'], Resource: '*' },
    ],
  },
  null,
  4,
);

/**
 * lessons are the examples that teach one point each. A tab is {type,
 * text} or {type, policy: a gallery policy's name}.
 */
export const lessons = [
  {
    id: 'why-denied',
    name: 'Why is this denied?',
    about: 'The WorkMail console policy allows only with MFA in eu-west-1: this request has no MFA, so nothing allows it.',
    tabs: [{ type: 'identity', policy: 'WorkMail console: MFA and eu-west-1' }],
    request: request('workmail:ListUsers', { resource: org, context: [region('eu-west-1')] }),
  },
  {
    id: 'boundary',
    name: 'What the boundary takes away',
    about: 'The identity policy allows all of WorkMail; the permissions boundary allows only reading, so deleting a user is denied.',
    tabs: [
      { type: 'identity', text: workmailAll },
      { type: 'boundary', text: readOnlyBoundary },
    ],
    request: request('workmail:DeleteUser', { resource: org, context: [region('eu-west-1')] }),
  },
  {
    id: 'workmail-broken',
    name: 'The WorkMail guide’s broken policy',
    about: 'The WorkMail guide prints this read-only policy with a missing comma and a stray brace: AWS would refuse it, and nothing can be decided until it is fixed.',
    tabs: [{ type: 'identity', policy: 'WorkMail read-only (as the guide prints it)' }],
    request: request('workmail:ListUsers', { resource: org, context: [region('eu-west-1')] }),
  },
];

// The request each gallery policy is about, by the policy's name; a
// policy not named here gets a request for the first action it names.
export const policyRequests = {
  'WorkMail full access (as the guide prints it)': request('workmail:CreateUser', { resource: org }),
  'WorkMail full access (commas fixed)': request('workmail:CreateUser', { resource: org }),
  'WorkMail console: MFA and eu-west-1': request('workmail:ListUsers', {
    resource: org,
    context: [region('eu-west-1'), { key: 'aws:MultiFactorAuthPresent', values: ['true'] }],
  }),
  'IAM guide: create one service-linked role': request('iam:CreateServiceLinkedRole', {
    resource: `arn:aws:iam::${acct}:role/aws-service-role/SERVICE-NAME.amazonaws.com/SERVICE-LINKED-ROLE-NAME-PREFIX1`,
    context: [{ key: 'iam:AWSServiceName', values: ['SERVICE-NAME.amazonaws.com'] }],
  }),
  'IAM guide: create any service-linked role': request('iam:CreateServiceLinkedRole', {
    resource: `arn:aws:iam::${acct}:role/aws-service-role/workmail.amazonaws.com/AWSServiceRoleForAmazonWorkMail`,
    context: [{ key: 'iam:AWSServiceName', values: ['workmail.amazonaws.com'] }],
  }),
  'IAM guide: delete one service-linked role': request('iam:DeleteServiceLinkedRole', {
    resource: `arn:aws:iam::${acct}:role/aws-service-role/SERVICE-NAME.amazonaws.com/SERVICE-LINKED-ROLE-NAME-PREFIX1`,
  }),
  "IAM guide: edit a role's description": request('iam:UpdateRoleDescription', {
    resource: `arn:aws:iam::${acct}:role/aws-service-role/workmail.amazonaws.com/AWSServiceRoleForAmazonWorkMail`,
  }),
  "Trust policy of WorkMail's role": request('sts:AssumeRole', {
    principal: 'events.workmail.amazonaws.com',
    resource: `arn:aws:iam::${acct}:role/aws-service-role/events.workmail.amazonaws.com/AWSServiceRoleForAmazonWorkMailEvents`,
  }),
  'An S3 bucket policy': request('s3:GetObject', {
    principal: 'arn:aws:iam::444455556666:role/reader',
    resource: 'arn:aws:s3:::example-bucket/report.csv',
    resourceAccount: acct,
  }),
  'SCP: deny outside the EU': request('s3:GetObject', { resource: 'arn:aws:s3:::example-bucket/report.csv', context: [region('us-east-1')] }),
  'Security warnings (PassRole with *)': request('iam:PassRole', { resource: `arn:aws:iam::${acct}:role/Admin` }),
  'URL-encoded, as the IAM API returns it': request('logs:CreateLogGroup'),
};

/** fallbackRequest is a request for the first whole action name a policy text mentions, or an empty one. */
function fallbackRequest(text) {
  const m = /"([a-z0-9-]+:[A-Za-z0-9]+)"/.exec(text);
  return request(m ? m[1] : '');
}

// An SCP or RCP alone allows nothing: AWS needs an identity policy too,
// which the example brings so that the request shows what the SCP takes.
const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, null, 4);

/**
 * playgroundOf is the playground (see evaluate.js) an example opens.
 * gallery: [{name, type, text}] (the example policies); an example
 * naming a policy the gallery does not have returns null.
 */
export function playgroundOf(example, gallery) {
  const byName = new Map(gallery.map((p) => [p.name, p]));
  if (example.tabs) {
    const tabs = [];
    for (const t of example.tabs) {
      const text = t.policy ? byName.get(t.policy) && byName.get(t.policy).text : t.text;
      if (typeof text !== 'string') return null;
      tabs.push({ type: t.type, text });
    }
    return { tabs, active: 0, request: structuredClone(example.request) };
  }
  // A gallery policy: itself, with the request it is about.
  const p = example;
  const tabs = [{ type: p.type, text: p.text }];
  if (p.type === 'scp' || p.type === 'rcp') tabs.unshift({ type: 'identity', text: allowAll });
  const active = tabs.length - 1;
  return { tabs, active, request: structuredClone(policyRequests[p.name] || fallbackRequest(p.text)) };
}
