import { describe, expect, it } from 'vitest';
import { synthesizedTemplate } from './synthesized-template.js';

const template = synthesizedTemplate();
const idsOf = (type: string) => Object.keys(template.findResources(type)).sort();

// The ids these resources were first deployed under. CloudFormation knows a resource by its logical id only:
// a new id for a table is a new, empty table (the RETAINed old one orphaned with the data); for a named data
// source, the bus or a field's resolver it is a second resource with the same name, and the deploy fails.
describe('a deployed stack keeps its resources across refactorings', () => {
  it('every table keeps the logical id it was first deployed under', () => {
    expect(idsOf('AWS::DynamoDB::GlobalTable')).toEqual(
      [
        'Rewards6B646C61',
        'GiftCodesC754E5EE',
        'GiftCodesPartners23794E9F',
        'GiftCodesLoyalty55AF8356',
        'GiftCodesAccountHistory69BD96EC',
        'GiftCodesIdempotencyBBFE14EC',
        'ProductRegistrationPromotions62297E58',
        'ProductRegistrationRegistrations64B566B8',
      ].sort(),
    );
  });

  it('the named bus, data sources and resolvers keep theirs', () => {
    expect(idsOf('AWS::Events::EventBus')).toEqual(['BusEA82B648']);
    expect(idsOf('AWS::AppSync::DataSource')).toEqual(
      expect.arrayContaining([
        'ApiNoneEEB0E864',
        'ApiRewardsTable3C20F75A',
        'ApiGiftCodesTable8E596322',
        'ApiPartnersTable1F15797E',
        'ApiGiftCodeDigest11311BFE',
        'ApiGiftCodeIssuer7D4D6D43',
        'ApiGiftCodeEvents2F2E968F',
        'GiftCodesLoyaltyTableFBC10E13',
        'GiftCodesAccountHistoryTable10D0535B',
      ]),
    );
    expect(idsOf('AWS::AppSync::Resolver')).toEqual(
      expect.arrayContaining([
        'ApiQueryhealthB4886FD1',
        'ApiQueryreward36D8C6D2',
        'ApiQueryrewards313CCBC0',
        'ApiMutationcreateReward782AF732',
        'ApiMutationupdateReward232C84CF',
        'ApiMutationpublishReward91DE39BC',
        'ApiMutationarchiveReward6ABF87BB',
        'ApiMutationimportRewards8CC814DB',
        'GiftCodesMutationissueGiftCodesE435D7C9',
        'GiftCodesMutationimportGiftCodes4790CB92',
        'GiftCodesMutationvoidGiftCode12E5FB4B',
        'GiftCodesMutationredeemGiftCode1B58ED59',
        'ApiMutationconfigurePartnerWebhookB8CC709F',
        'ApiMutationrecordRedemptionProgressE105DDE0',
        'ApiQuerymyRedemptions1ED95C02',
        'ApiSubscriptiononRedemptionUpdatedCC0419F5',
        'ApiQuerymyLoyaltyC17508A4',
        'ApiLoyaltyAccountledgerC614A143',
        'ApiQuerymyAccountHistoryC662E521',
      ]),
    );
  });

  it('the tables that hold records are retained when the stack goes', () => {
    const retained = Object.entries(template.findResources('AWS::DynamoDB::GlobalTable'))
      .filter(([, table]) => table.DeletionPolicy === 'Retain')
      .map(([id]) => id);
    expect(retained.sort()).toEqual(idsOf('AWS::DynamoDB::GlobalTable').filter((id) => id !== 'GiftCodesIdempotencyBBFE14EC'));
  });
});
