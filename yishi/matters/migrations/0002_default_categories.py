"""The categories every community starts with, in Chinese and English (kept here, frozen, as data)."""

from django.db import migrations

CATEGORIES = [
    ("facilities", "公共设施维修", "Repairs of shared facilities"),
    ("lifts", "电梯与加装电梯", "Lifts and adding lifts"),
    ("parking", "停车与交通", "Parking and traffic"),
    ("sanitation", "环境卫生与垃圾分类", "Sanitation and waste sorting"),
    ("greening", "绿化与公共空间", "Greenery and public space"),
    ("noise", "噪音与扰民", "Noise and disturbance"),
    ("safety", "安全隐患", "Safety hazards"),
    ("roads_lighting", "道路与照明", "Roads and lighting"),
    ("property", "物业服务", "Property management"),
    ("public_revenue", "公共收益与资金使用", "Shared revenue and funds"),
    ("elderly_care", "为老服务", "Services for older residents"),
    ("children", "儿童与教育", "Children and education"),
    ("culture", "文体活动", "Culture and sports"),
    ("neighbours", "邻里关系", "Neighbourly relations"),
    ("public_services", "公共服务与政策", "Public services and policies"),
    ("other", "其他", "Other"),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("matters", "Category")
    for position, (code, name_zh, name_en) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en, "position": position * 10}
        )


def remove_categories(apps, schema_editor):
    apps.get_model("matters", "Category").objects.filter(code__in=[code for code, _zh, _en in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
