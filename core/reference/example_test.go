package reference_test

import (
	"fmt"

	"slrplay/core/reference"
)

func Example() {
	c := reference.Default()
	a := c.Action("iam:createservicelinkedrole")
	fmt.Println(a.FullName(), a.Level, a.ResourceTypeNames(), a.SupportsKey("iam:AWSServiceName"))

	actions, _ := c.Expand("iam:*ServiceLinkedRole*")
	for _, a := range actions {
		fmt.Println(a.FullName(), a.Level)
	}

	fmt.Println(c.Suggest("workmial:ListUsers"), c.Suggest("s3:GetObjekt"))

	object := c.Service("s3").ResourceType("object")
	fmt.Println(object.ARN, object.Matches("arn:aws:s3:::amzn-s3-demo-bucket/photos/cat.jpg"))
	// Output:
	// iam:CreateServiceLinkedRole Write [role] true
	// iam:CreateServiceLinkedRole Write
	// iam:DeleteServiceLinkedRole Write
	// iam:GetServiceLinkedRoleDeletionStatus Read
	// [workmail:ListUsers] [s3:GetObject]
	// arn:${Partition}:s3:::${BucketName}/${ObjectName} true
}
