import { fieldLabel, labelledMessage, labelledProblems } from './field-labels';

describe('field labels in refusal messages', () => {
  it('spells out fields named like Object.prototype members instead of reading the prototype', () => {
    for (const name of ['constructor', 'hasOwnProperty', 'toString', '__proto__']) {
      expect(typeof fieldLabel(name)).toBe('string');
      expect(typeof fieldLabel(`merchant.${name}[0]`)).toBe('string');
      expect(labelledMessage(name, `property ${name} should not exist`)).toContain(
        'should not exist',
      );
      expect(labelledMessage(`merchant.${name}`, `${name}[0] must be a string`)).toContain(
        'must be a string',
      );
    }
    expect(fieldLabel('hasOwnProperty')).toBe('Has own property');
  });

  it('names a field by its label, items by their number', () => {
    expect(fieldLabel('merchant.country')).toBe('Country');
    expect(fieldLabel('merchant.acquirer.country')).toBe('Acquirer’s country');
    expect(fieldLabel('merchant.websites[0]')).toBe('Website 1');
    expect(fieldLabel('observables[2].value')).toBe('Observable 3 value');
    expect(fieldLabel('merchant.registrationNumber')).toBe('Registration number');
    expect(fieldLabel('items[1].name')).toBe('Item 2 name');
  });

  it('puts the label where a rule wrote the property name or nothing', () => {
    expect(
      labelledMessage(
        'merchant.websites',
        'websites[0] must be a web address such as shop.example',
      ),
    ).toBe('Website 1 must be a web address such as shop.example');
    expect(
      labelledMessage('merchant.country', 'country must be a two-letter country code, such as GB'),
    ).toBe('Country must be a two-letter country code, such as GB');
    expect(labelledMessage('merchant.legalName', 'is required')).toBe('Legal name is required');
    expect(labelledMessage('observedTo', 'observedTo must not be before observedFrom')).toBe(
      'Observed to must not be before observed from',
    );
    expect(labelledMessage('merchant.tradingNames', 'each tradingNames entry must be short')).toBe(
      'Each trading name must be short',
    );
  });

  it('leaves a message that is already a sentence alone, and keeps every pointer', () => {
    expect(labelledMessage('role', 'your role may not grant this role')).toBe(
      'your role may not grant this role',
    );
    expect(
      labelledProblems([{ field: 'merchant.websites', messages: ['websites[1] is bad'] }]),
    ).toEqual([{ field: 'merchant.websites', messages: ['Website 2 is bad'] }]);
  });
});
